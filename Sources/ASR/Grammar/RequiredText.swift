/// Literal text every match of a node must contain, used to skip sentences cheaply:
/// "turn on {name}" cannot match input that lacks "turn on".
enum RequiredText {
    /// Trimmed literal chunks present on every path through `node`, longest first.
    static func of(_ node: MatchNode) -> [[Unicode.Scalar]] {
        let texts: [String] = chunks(node).sorted { (a: String, b: String) -> Bool in
            a.unicodeScalars.count != b.unicodeScalars.count ? a.unicodeScalars.count > b.unicodeScalars.count : a < b
        }
        return texts.map { Array($0.unicodeScalars) }
    }

    private static func chunks(_ node: MatchNode) -> Set<String> {
        switch node {
        case .text(let scalars, _):
            let trimmed = scalars.drop { $0 == TextNormalizer.space }.reversed().drop { $0 == TextNormalizer.space }
            return trimmed.isEmpty ? [] : [String(String.UnicodeScalarView(trimmed.reversed()))]
        case .sequence(let items):
            return items.reduce(into: Set<String>()) { $0.formUnion(chunks($1)) }
        case .alternative(let items):
            guard let first = items.first else { return [] }
            return items.dropFirst().reduce(chunks(first)) { $0.intersection(chunks($1)) }
        case .list:
            return []
        }
    }

    /// True when `needle` occurs in `haystack`.
    static func contains(_ haystack: [Unicode.Scalar], _ needle: [Unicode.Scalar]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == first, haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
            start += 1
        }
        return false
    }
}
