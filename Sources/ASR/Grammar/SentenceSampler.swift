/// Expands templates into concrete sentences (after hassil's `sample.py`), for training data
/// and round-trip tests. Rules are inlined, list values substituted, numbers spelled as words
/// (the speech decoder only produces words) and wildcards written as `{slot}` placeholders.
struct SentenceExpander {
    let rules: (String) -> Template?
    let lists: (String) -> SlotList?
    /// Data block whose context rules filter list values (as the matcher does), if any.
    let data: IntentData?
    let limit: Int

    /// Up to `limit` expansions of `expression`, in template order.
    func all(_ expression: Expression) -> [String] {
        switch expression {
        case .text(let text):
            return [text]
        case .sequence(let items):
            var results = [""]
            for item in items {
                let tails = all(item)
                var next: [String] = []
                outer: for head in results {
                    for tail in tails {
                        next.append(head + tail)
                        if next.count >= limit { break outer }
                    }
                }
                results = next
            }
            return results
        case .alternative(let items):
            return union(items)
        case .optional(let item):
            return union([item, .empty])
        case .permutation(let items):
            return all(.alternative(items.permutations().map { order in
                .sequence(order.flatMap { [Expression.text(" "), $0, .text(" ")] })
            }))
        case .list(let reference):
            guard let list = lists(reference.list) else { return [] }
            switch list.kind {
            case .values(let values):
                return union(admitted(values).flatMap(\.phrases))
            case .range(let range):
                let count = min(limit, Int(((range.to - range.from) / range.step).rounded(.down)) + 1)
                return (0..<max(count, 0)).map { SpokenNumbers.spell(range.from + Double($0) * range.step) }
            case .wildcard:
                return ["{\(reference.slot)}"]
            }
        case .rule(let name):
            return rules(name).map { all($0.expression) } ?? []
        }
    }

    /// Expansions of each item in turn, stopping at `limit`.
    private func union(_ items: [Expression]) -> [String] {
        var results: [String] = []
        for item in items {
            results += all(item).prefix(limit - results.count)
            if results.count >= limit { break }
        }
        return results
    }

    /// One random expansion of `expression`, or nil if some list or rule is missing.
    func random(_ expression: Expression, using generator: inout some RandomNumberGenerator) -> String? {
        switch expression {
        case .text(let text):
            return text
        case .sequence(let items):
            var result = ""
            for item in items {
                guard let part = random(item, using: &generator) else { return nil }
                result += part
            }
            return result
        case .alternative(let items):
            return items.randomElement(using: &generator).flatMap { random($0, using: &generator) }
        case .optional(let item):
            return Bool.random(using: &generator) ? random(item, using: &generator) : ""
        case .permutation(let items):
            let order = items.shuffled(using: &generator)
            return random(.sequence(order.flatMap { [Expression.text(" "), $0, .text(" ")] }), using: &generator)
        case .list(let reference):
            guard let list = lists(reference.list) else { return nil }
            switch list.kind {
            case .values(let values):
                guard let phrase = admitted(values).randomElement(using: &generator)?.phrases
                    .randomElement(using: &generator)
                else { return nil }
                return random(phrase, using: &generator)
            case .range(let range):
                let steps = Int(((range.to - range.from) / range.step).rounded(.down))
                guard steps >= 0 else { return nil }
                return SpokenNumbers.spell(range.from + Double(Int.random(in: 0...steps, using: &generator)) * range.step)
            case .wildcard:
                return "{\(reference.slot)}"
            }
        case .rule(let name):
            return rules(name).flatMap { random($0.expression, using: &generator) }
        }
    }

    private func admitted(_ values: [SlotList.Value]) -> [SlotList.Value] {
        guard let data else { return values }
        return values.filter { data.admits($0.context) }
    }

    static func clean(_ sentence: String) -> String {
        sentence.split(separator: " ").joined(separator: " ")
    }

}

extension Grammar {
    /// Enumerates up to `limit` distinct sentences, in template order.
    /// - Parameters:
    ///   - intent: only this intent's sentences; all intents when nil.
    ///   - lists: runtime lists substituted for `{list}` references (grammar lists otherwise).
    ///   - limit: maximum number of sentences returned.
    public func sentences(for intent: String? = nil, lists: [String: SlotList] = [:], limit: Int = 1000) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for (data, template) in templates(for: intent) {
            let expander = expander(for: data, lists: lists, limit: limit)
            for sentence in expander.all(template.expression).map(SentenceExpander.clean) where seen.insert(sentence).inserted {
                result.append(sentence)
                if result.count >= limit { return result }
            }
        }
        return result
    }

    /// Draws `count` random sentences (templates chosen uniformly, then random choices inside).
    /// - Parameters:
    ///   - intent: only this intent's sentences; all intents when nil.
    ///   - lists: runtime lists substituted for `{list}` references.
    ///   - count: number of samples; fewer when templates reference lists that are missing.
    ///   - generator: source of randomness (seed it for reproducible data sets).
    public func sampleSentences(for intent: String? = nil, lists: [String: SlotList] = [:], count: Int,
                                using generator: inout some RandomNumberGenerator) -> [String] {
        let candidates = templates(for: intent)
        guard !candidates.isEmpty else { return [] }
        var result: [String] = []
        for _ in 0..<count {
            let (data, template) = candidates[Int.random(in: 0..<candidates.count, using: &generator)]
            if let sentence = expander(for: data, lists: lists, limit: 1).random(template.expression, using: &generator) {
                result.append(SentenceExpander.clean(sentence))
            }
        }
        return result
    }

    private func templates(for intent: String?) -> [(IntentData, Template)] {
        intents.filter { intent == nil || $0.name == intent }
            .flatMap { $0.data.flatMap { data in data.sentences.map { (data, $0) } } }
    }

    private func expander(for data: IntentData, lists runtime: [String: SlotList], limit: Int) -> SentenceExpander {
        SentenceExpander(rules: { self.expansionRule($0, in: data) },
                         lists: { runtime[$0] ?? self.lists[$0] }, data: data, limit: limit)
    }
}

extension Expression {
    /// Up to `limit` plain expansions of this expression; lists and rules expand to nothing.
    public func sentences(limit: Int = 1000) -> [String] {
        SentenceExpander(rules: { _ in nil }, lists: { _ in nil }, data: nil, limit: limit).all(self).map(SentenceExpander.clean)
    }
}
