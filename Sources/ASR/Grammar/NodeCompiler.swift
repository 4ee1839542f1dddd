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
            return .alternative(spaced.permutations().map { .sequence($0) })
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


    /// Compiles a list value phrase; rules and nested lists never match inside list values.
    static func compilePhrase(_ expression: Expression) -> MatchNode {
        switch expression {
        case .text(let text): return .text(text)
        case .sequence(let items): return .sequence(items.map(compilePhrase))
        case .alternative(let items): return .alternative(items.map(compilePhrase))
        case .optional(let item): return .alternative([compilePhrase(item), .text("")])
        case .permutation(let items):
            let spaced = items.map { MatchNode.sequence([.text(" "), compilePhrase($0), .text(" ")]) }
            return .alternative(spaced.permutations().map { .sequence($0) })
        case .list, .rule: return .alternative([])
        }
    }
}
