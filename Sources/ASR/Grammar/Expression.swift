/// A parsed sentence template, modelled on hassil's `expression.py`.
///
/// The enum is closed on purpose: the matcher, the sentence sampler and the speech decoder's
/// phoneme-graph builder all walk it with one exhaustive `switch`.
/// Text is stored normalized (lower case, punctuation removed, single spaces) so that every
/// consumer sees the same words the matcher compares against.
public indirect enum Expression: Sendable, Hashable {
    /// Literal text; may begin or end with a space, which marks a word boundary.
    case text(String)
    /// All items in order: `a b c`.
    case sequence([Expression])
    /// Exactly one of the items: `(a|b|c)`.
    case alternative([Expression])
    /// All items in any order, separated by spaces: `(a; b; c)`.
    case permutation([Expression])
    /// The item or nothing: `[a]`.
    case optional(Expression)
    /// A value from a slot list: `{list}` or `{list:slot}`.
    case list(ListReference)
    /// An expansion rule, replaced by its own template: `<rule>`.
    case rule(String)

    /// The empty expression, which matches without consuming input.
    public static let empty = Expression.text("")
}

/// A `{list}` or `{list:slot}` reference inside a template.
public struct ListReference: Sendable, Hashable {
    /// Name of the slot list whose values may appear here.
    public let list: String
    /// Name of the slot the matched value is stored in (defaults to the list name).
    public let slot: String

    /// Creates a reference to `list` that fills `slot` (the list name when `nil`).
    public init(list: String, slot: String? = nil) {
        self.list = list
        self.slot = slot ?? list
    }
}

// MARK: - Traversal helpers

extension Expression {
    /// Names of every list referenced directly by this expression (rules are not followed).
    public var listReferences: [ListReference] {
        var found: [ListReference] = []
        visit { if case .list(let reference) = $0 { found.append(reference) } }
        return found
    }

    /// Names of every expansion rule referenced directly by this expression.
    public var ruleReferences: [String] {
        var found: [String] = []
        visit { if case .rule(let name) = $0 { found.append(name) } }
        return found
    }

    /// Calls `body` on this expression and every sub-expression, depth first.
    func visit(_ body: (Expression) -> Void) {
        body(self)
        switch self {
        case .text, .list, .rule:
            break
        case .sequence(let items), .alternative(let items), .permutation(let items):
            for item in items { item.visit(body) }
        case .optional(let item):
            item.visit(body)
        }
    }
}
