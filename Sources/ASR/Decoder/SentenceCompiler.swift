/// Compiles one sentence template into a `FragmentGraph`: alternatives and optionals become
/// epsilon branches, permutations all their orders, expansion rules are inlined, and list
/// references become sub-graphs of their values' phrases between slot tags.
///
/// List values are filtered by the data block's context rules (`IntentData.admits`), so a
/// device of domain `climate` is never offered in a sentence that requires domain `light`.
/// Wildcard lists and missing lists cannot be spoken: branches through them are left
/// unconnected, which makes wildcard sentences text-only.
struct SentenceCompiler {
    /// Looks up an expansion rule (the block's own rules shadow the grammar's).
    let rules: (String) -> Template?
    /// Looks up a slot list (runtime lists shadow the grammar's).
    let lists: (String) -> SlotList?
    /// The data block the sentence belongs to.
    let data: IntentData
    /// The graph built so far; node 0 is the start.
    private(set) var graph = FragmentGraph()
    /// Context keys that the admitted list values of this sentence can supply.
    private(set) var suppliedContext: Set<String> = []
    private var active: [String] = []

    init(rules: @escaping (String) -> Template?, lists: @escaping (String) -> SlotList?, data: IntentData) {
        self.rules = rules
        self.lists = lists
        self.data = data
    }

    /// Adds `template`'s sentence from the start node and returns the node where it ends.
    /// - Parameter skipWords: phrases that may be said before or after the sentence ("please",
    ///   "for me"); the text matcher drops them anywhere, speech allows them at the edges.
    /// - Throws: `DecoderError.recursiveRule` if a rule refers back to itself.
    mutating func compile(_ template: Template, skipWords: [String] = [], tags: inout TagTable,
                          numbers: inout NumberWordCache) throws -> Int {
        var expression = template.expression
        if !skipWords.isEmpty {
            let skip = Expression.optional(.alternative(skipWords.map { .text(TextNormalizer.normalize($0)) }))
            expression = .sequence([skip, .text(" "), expression, .text(" "), skip])
        }
        return try add(expression, from: 0, inPhrase: false, tags: &tags, numbers: &numbers)
    }

    // MARK: - Expressions

    private mutating func add(_ expression: Expression, from: Int, inPhrase: Bool,
                              tags: inout TagTable, numbers: inout NumberWordCache) throws -> Int {
        switch expression {
        case .text(let text):
            guard !text.isEmpty else { return from }
            let to = graph.node()
            graph.add(from, .text(text), to)
            return to
        case .sequence(let items):
            var node = from
            for item in items {
                node = try add(item, from: node, inPhrase: inPhrase, tags: &tags, numbers: &numbers)
            }
            return node
        case .alternative(let items):
            let end = graph.node()
            for item in items {
                let itemEnd = try add(item, from: from, inPhrase: inPhrase, tags: &tags, numbers: &numbers)
                graph.add(itemEnd, .text(""), end)
            }
            return end
        case .optional(let item):
            let end = try add(item, from: from, inPhrase: inPhrase, tags: &tags, numbers: &numbers)
            if end != from { graph.add(from, .text(""), end) }
            return end
        case .permutation(let items):
            let orders = items.permutations().map { order in
                Expression.sequence(order.flatMap { [.text(" "), $0, .text(" ")] })
            }
            return try add(.alternative(orders), from: from, inPhrase: inPhrase,
                           tags: &tags, numbers: &numbers)
        case .list(let reference):
            guard !inPhrase, let list = lists(reference.list) else { return graph.node() }
            return addList(list, reference: reference, from: from, tags: &tags, numbers: &numbers)
        case .rule(let name):
            guard !inPhrase, let rule = rules(name) else { return graph.node() }
            if active.contains(name) {
                throw DecoderError.recursiveRule(rule: name, origin: rule.location.description)
            }
            active.append(name)
            defer { active.removeLast() }
            return try add(rule.expression, from: from, inPhrase: false, tags: &tags, numbers: &numbers)
        }
    }

    // MARK: - Lists

    private mutating func addList(_ list: SlotList, reference: ListReference, from: Int,
                                  tags: inout TagTable, numbers: inout NumberWordCache) -> Int {
        let end = graph.node()
        let slotEnd = tags.list(.slotEnd)
        switch list.kind {
        case .values(let values):
            for value in values where data.admits(value.context) {
                suppliedContext.formUnion(value.context.keys)
                let begin = graph.node()
                graph.add(from, .tags(tags.list(.slotBegin(slot: reference.slot, value: value.out,
                                                           context: value.context))), begin)
                for phrase in value.phrases {
                    // Rules are not followed inside phrases, so this cannot throw.
                    guard let phraseEnd = try? add(phrase, from: begin, inPhrase: true,
                                                   tags: &tags, numbers: &numbers) else { continue }
                    graph.add(phraseEnd, .tags(slotEnd), end)
                }
            }
        case .range(let range):
            let words = numbers.words(for: range)
            let nodes = words.arcs.indices.map { _ in graph.node() }
            let begin = tags.list(.numberBegin(slot: reference.slot, range: range))
            graph.add(from, .tags(words.offset == 0 ? begin : tags.concat(begin, tags.list(.add(words.offset)))),
                      nodes[words.start])
            for (node, arcs) in words.arcs.enumerated() {
                for arc in arcs {
                    if arc.delta == 0 {
                        graph.add(nodes[node], .text(" \(arc.word) "), nodes[arc.to])
                    } else {
                        let middle = graph.node()
                        graph.add(nodes[node], .text(" \(arc.word) "), middle)
                        graph.add(middle, .tags(tags.list(.add(arc.delta))), nodes[arc.to])
                    }
                }
                if let residual = words.finals[node] {
                    let closing = residual == 0 ? slotEnd : tags.concat(tags.list(.add(residual)), slotEnd)
                    graph.add(nodes[node], .tags(closing), end)
                }
            }
        case .wildcard:
            break
        }
        return end
    }

}
