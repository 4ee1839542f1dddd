import Foundation

/// Literal text every match of a node must contain, used to skip sentences cheaply:
/// "turn on {name}" cannot match input that lacks "turn on".
enum RequiredText {
    /// Trimmed literal chunks present on every path through `node`.
    static func of(_ node: MatchNode) -> Set<String> {
        switch node {
        case .text(let scalars, _):
            let text = String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? [] : [text]
        case .sequence(let items):
            return items.reduce(into: Set<String>()) { $0.formUnion(of($1)) }
        case .alternative(let items):
            guard let first = items.first else { return [] }
            return items.dropFirst().reduce(of(first)) { $0.intersection(of($1)) }
        case .list:
            return []
        }
    }
}
