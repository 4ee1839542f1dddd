/// Slots filled so far on one matching path, newest first (shared between paths).
final class CaptureChain {
    let slot: String
    let value: SlotValue
    let context: [String: String]
    /// Number of input scalars the value covered.
    let length: Int
    let next: CaptureChain?

    init(slot: String, value: SlotValue, context: [String: String], length: Int, next: CaptureChain?) {
        self.slot = slot
        self.value = value
        self.context = context
        self.length = length
        self.next = next
    }

    /// Captures oldest first.
    var inOrder: [CaptureChain] {
        var result: [CaptureChain] = []
        var link: CaptureChain? = self
        while let current = link {
            result.append(current)
            link = current.next
        }
        return result.reversed()
    }
}

/// What remains to be matched after the current node (a persistent stack).
final class Continuation {
    let node: MatchNode
    let next: Continuation?

    init(node: MatchNode, next: Continuation?) {
        self.node = node
        self.next = next
    }
}

/// One partial match: input position, literal template text matched so far, and captures.
struct MatchState {
    var position: Int
    var weight: Int
    var captures: CaptureChain?
}

/// Backtracking matcher of compiled templates against normalized input, in the spirit of
/// hassil's `string_matcher.py` but over scalars with explicit word boundaries: a space in a
/// template consumes one input space or stands at a word boundary that is already there.
/// Every complete match (all input consumed) is reported to `found`.
struct SentenceMatcher {
    let input: [Unicode.Scalar]
    let original: [Unicode.Scalar]
    let lists: (String) -> SlotList?
    let data: IntentData
    let found: (MatchState) -> Void

    func match(_ node: MatchNode, _ state: MatchState, _ next: Continuation?) {
        switch node {
        case .text(let scalars, let weight):
            guard let end = matchText(scalars, at: state.position) else { return }
            var advanced = state
            advanced.position = end
            advanced.weight += weight
            proceed(advanced, next)
        case .sequence(let items):
            guard let first = items.first else { return proceed(state, next) }
            var chain = next
            for item in items.dropFirst().reversed() { chain = Continuation(node: item, next: chain) }
            match(first, state, chain)
        case .alternative(let items):
            for item in items { match(item, state, next) }
        case .list(let reference):
            matchList(reference, state, next)
        }
    }

    private func proceed(_ state: MatchState, _ next: Continuation?) {
        if let next {
            match(next.node, state, next.next)
        } else if state.position == input.count {
            found(state)
        }
    }

    /// End of `scalars` matched at `position`, or nil.
    func matchText(_ scalars: [Unicode.Scalar], at position: Int) -> Int? {
        var index = position
        let count = input.count
        for scalar in scalars {
            if scalar == TextNormalizer.space {
                if index < count, input[index] == TextNormalizer.space {
                    index += 1
                } else if !isBoundary(index) {
                    return nil
                }
            } else {
                guard index < count, input[index] == scalar else { return nil }
                index += 1
            }
        }
        return index
    }

    /// True between words: at either end, next to a space, or between a letter or digit and
    /// a symbol ("10|%", "what|'s").
    private func isBoundary(_ index: Int) -> Bool {
        guard index > 0, index < input.count else { return true }
        let before = input[index - 1], after = input[index]
        if before == TextNormalizer.space || after == TextNormalizer.space { return true }
        return TextNormalizer.isWordCharacter(before) != TextNormalizer.isWordCharacter(after)
    }

    // MARK: - Lists

    private func matchList(_ reference: ListReference, _ state: MatchState, _ next: Continuation?) {
        guard let list = lists(reference.list) else { return }
        var position = state.position
        if position < input.count, input[position] == TextNormalizer.space { position += 1 }
        guard position < input.count else { return }

        func capture(_ value: SlotValue, context: [String: String] = [:], end: Int) {
            var advanced = state
            advanced.position = end
            advanced.captures = CaptureChain(slot: reference.slot, value: value, context: context,
                                             length: end - position, next: state.captures)
            proceed(advanced, next)
        }

        switch list.kind {
        case .values(let values):
            for phrase in list.index.plain[input[position]] ?? [] {
                let value = values[phrase.value]
                guard data.admits(valueContext: value.context),
                      let end = matchText(phrase.scalars, at: position) else { continue }
                capture(value.out, context: value.context, end: end)
            }
            for phrase in list.index.templated {
                let value = values[phrase.value]
                guard data.admits(valueContext: value.context) else { continue }
                for end in ends(of: phrase.node, from: position) where end > position {
                    capture(value.out, context: value.context, end: end)
                }
            }
        case .range(let range):
            var readings = range.digits ? SpokenNumbers.digitReadings(input, at: position) : []
            if readings.isEmpty, range.words { readings = SpokenNumbers.wordReadings(input, at: position) }
            for reading in readings where range.contains(reading.value) {
                capture(range.value(for: reading.value), end: reading.end)
            }
        case .wildcard:
            var end = position
            while end < input.count {
                while end < input.count, input[end] != TextNormalizer.space { end += 1 }
                let text = String(String.UnicodeScalarView(original[position..<end]))
                capture(.string(text), end: end)
                end += 1
            }
        }
    }

    /// Every end position of a list value phrase matched from `position`.
    private func ends(of node: MatchNode, from position: Int) -> [Int] {
        switch node {
        case .text(let scalars, _):
            return matchText(scalars, at: position).map { [$0] } ?? []
        case .sequence(let items):
            var positions = [position]
            for item in items {
                positions = Array(Set(positions.flatMap { ends(of: item, from: $0) })).sorted()
                if positions.isEmpty { break }
            }
            return positions
        case .alternative(let items):
            return Array(Set(items.flatMap { ends(of: $0, from: position) })).sorted()
        case .list:
            return []
        }
    }
}
