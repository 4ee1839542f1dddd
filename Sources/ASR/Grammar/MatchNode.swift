/// The matcher's compiled form of an `Expression`: rules inlined, permutations expanded,
/// optionals turned into alternatives, and text stored as scalars for direct comparison.
indirect enum MatchNode: Sendable {
    /// Literal scalars; `weight` counts the non-space scalars (used to rank matches).
    case text([Unicode.Scalar], weight: Int)
    case sequence([MatchNode])
    case alternative([MatchNode])
    case list(ListReference)

    static func text(_ string: String) -> MatchNode {
        let scalars = Array(string.unicodeScalars)
        return .text(scalars, weight: scalars.filter { $0 != TextNormalizer.space }.count)
    }
}
