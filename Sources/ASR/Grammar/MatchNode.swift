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

/// Compiles expressions into `MatchNode`s, resolving `<rule>` references.
struct NodeCompiler {
    /// Looks up an expansion rule by name.
    let rules: (String) -> Template?
    private var cache: [String: MatchNode] = [:]
    private var active: [String] = []

    init(rules: @escaping (String) -> Template?) {
        self.rules = rules
    }

    /// Compiles `template`, reporting unknown or recursive rules at the template's location.
    mutating func compile(_ template: Template, knownRules: @autoclosure () -> [String]) throws -> MatchNode {
        try compile(template.expression, in: template, knownRules: knownRules)
    }

    private mutating func compile(_ expression: Expression, in template: Template,
                                  knownRules: () -> [String]) throws -> MatchNode {
        switch expression {
        case .text(let text):
            return .text(text)
        case .sequence(let items):
            return .sequence(try items.map { try compile($0, in: template, knownRules: knownRules) })
        case .alternative(let items):
            return .alternative(try items.map { try compile($0, in: template, knownRules: knownRules) })
        case .optional(let item):
            return .alternative([try compile(item, in: template, knownRules: knownRules), .text("")])
        case .permutation(let items):
            let spaced = try items.map {
                MatchNode.sequence([.text(" "), try compile($0, in: template, knownRules: knownRules), .text(" ")])
            }
            return .alternative(Self.permutations(of: spaced).map { .sequence($0) })
        case .list(let reference):
            return .list(reference)
        case .rule(let name):
            if let cached = cache[name] { return cached }
            guard let rule = rules(name) else {
                throw GrammarError.unknownRule(template.location, rule: name, template: template.text,
                                               suggestion: Suggestion.closest(to: name, in: knownRules()))
            }
            if active.contains(name) {
                throw GrammarError.recursiveRule(rule.location, rule: name, template: rule.text)
            }
            active.append(name)
            defer { active.removeLast() }
            let node = try compile(rule.expression, in: rule, knownRules: knownRules)
            cache[name] = node
            return node
        }
    }

    private static func permutations(of items: [MatchNode]) -> [[MatchNode]] {
        guard items.count > 1 else { return [items] }
        var result: [[MatchNode]] = []
        for (index, item) in items.enumerated() {
            var rest = items
            rest.remove(at: index)
            for tail in permutations(of: rest) { result.append([item] + tail) }
        }
        return result
    }

    /// Compiles a list value phrase; rules and nested lists never match inside list values.
    static func compilePhrase(_ expression: Expression) -> MatchNode {
        switch expression {
        case .text(let text): return .text(text)
        case .sequence(let items): return .sequence(items.map(compilePhrase))
        case .alternative(let items): return .alternative(items.map(compilePhrase))
        case .optional(let item): return .alternative([compilePhrase(item), .text("")])
        case .permutation(let items):
            let spaced = items.map { MatchNode.sequence([.text(" "), compilePhrase($0), .text(" ")]) }
            return .alternative(permutations(of: spaced).map { .sequence($0) })
        case .list, .rule: return .alternative([])
        }
    }
}

/// "Did you mean" suggestions by edit distance.
enum Suggestion {
    /// The candidate closest to `name`, if it is within a third of its length.
    static func closest(to name: String, in candidates: [String]) -> String? {
        let limit = max(1, name.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates.sorted() {
            let candidateDistance = distance(name, candidate)
            if candidateDistance <= limit, candidateDistance < (best?.distance ?? Int.max) {
                best = (candidate, candidateDistance)
            }
        }
        return best?.name
    }

    /// Edit distance counting insertions, deletions, substitutions and adjacent swaps.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
