import Foundation

/// The result of recognizing a sentence.
public struct IntentMatch: Sendable, Hashable, Codable {
    /// Intent name, e.g. `HassTurnOn`.
    public let intent: String
    /// Slots matched from the text, the data block's fixed `slots:`, and context slots.
    public let slots: [String: SlotValue]
    /// Response key of the matched data block, or nil for the default response.
    public let response: String?
    /// The input text, trimmed.
    public let text: String
}

/// Matches text against a grammar's sentences (hassil-compatible semantics): case and
/// punctuation are ignored, skip words are removed, numbers match as digits or words, and
/// lists may be supplied per call.
///
/// ```swift
/// let recognizer = IntentRecognizer(grammar: try Grammar.load(paths: ["grammars/home.yaml"]))
/// let names = SlotList(values: [
///     SlotList.Value(phrases: ["Desk Lamp", "Study Light"], context: ["domain": "light", "area": "Office"]),
/// ])
/// let match = recognizer.recognize("turn on the study light", lists: ["name": names],
///                                  context: ["area": "Office"])
/// // match?.intent == "HassTurnOn", match?.slots == ["name": .string("Desk Lamp")]
/// ```
///
/// When several sentences match, the winner is chosen like hassil's `recognize_best` as Home
/// Assistant calls it: a match that fills the preferred slot (`name`) from the text wins, the
/// longest such text first; then the match with the most literal template text; ties go to the
/// earlier data block.
public struct IntentRecognizer: Sendable {
    /// The grammar being matched.
    public let grammar: Grammar
    /// Slot whose presence ranks a match first (`name` by default, as in Home Assistant).
    public let preferredSlot: String?
    /// Skip phrases as word sequences, longest first.
    private let skipPhrases: [[String]]

    /// Prepares a recognizer for `grammar`.
    /// - Parameters:
    ///   - grammar: the compiled grammar.
    ///   - preferredSlot: matches filling this slot from the text rank first; nil disables.
    public init(grammar: Grammar, preferredSlot: String? = "name") {
        self.grammar = grammar
        self.preferredSlot = preferredSlot
        skipPhrases = grammar.skipWords
            .map { TextNormalizer.normalize($0).split(separator: " ").map(String.init) }
            .filter { !$0.isEmpty }
            .sorted { $0.count > $1.count }
    }

    /// Recognizes `text`.
    /// - Parameters:
    ///   - text: what the user typed or said.
    ///   - lists: runtime slot lists (e.g. `name`, `area` from the device registry); they
    ///     replace grammar lists of the same name.
    ///   - context: the intent context, e.g. `["area": "Kitchen"]` for the satellite's room;
    ///     checked against `requires_context` / `excludes_context`.
    /// - Returns: the best match, or nil when no sentence matches.
    public func recognize(_ text: String, lists: [String: SlotList] = [:],
                          context: [String: String] = [:]) -> IntentMatch? {
        let units = removeSkipWords(TextNormalizer.units(text))
        let input = units.map(\.lower)
        let original = units.map(\.original)
        let best = BestMatch()
        for block in grammar.compiled where block.data.admits(context) {
            let matcher = SentenceMatcher(
                input: input, original: original,
                lists: { lists[$0] ?? grammar.lists[$0] },
                data: block.data,
                found: { state in
                    let rank = Rank(state, preferredSlot: preferredSlot)
                    guard best.match == nil || best.rank < rank,
                          let slots = block.data.slots(for: state, context: context) else { return }
                    best.rank = rank
                    best.match = IntentMatch(intent: block.intent, slots: slots, response: block.data.response,
                                             text: text.trimmingCharacters(in: .whitespacesAndNewlines))
                })
            for sentence in block.sentences
            where sentence.required.allSatisfy({ RequiredText.contains(input, $0) }) {
                matcher.match(sentence.node, MatchState(position: 0, weight: 0, captures: nil), nil)
            }
        }
        return best.match
    }

    private func removeSkipWords(_ units: [TextNormalizer.Unit]) -> [TextNormalizer.Unit] {
        guard !skipPhrases.isEmpty else { return units }
        let words = units.split { $0.lower == TextNormalizer.space }.map(Array.init)
        let lowered = words.map { String(String.UnicodeScalarView($0.map(\.lower))) }
        var kept: [[TextNormalizer.Unit]] = []
        var index = 0
        while index < words.count {
            if let phrase = skipPhrases.first(where: { lowered[index...].starts(with: $0) }) {
                index += phrase.count
            } else {
                kept.append(words[index])
                index += 1
            }
        }
        let separator = TextNormalizer.Unit(lower: TextNormalizer.space, original: TextNormalizer.space)
        return Array(kept.joined(separator: [separator]))
    }
}

/// The best match found so far during one `recognize` call.
private final class BestMatch {
    var match: IntentMatch?
    var rank = Rank(preferredLength: 0, literal: 0)
}

/// Orders matches: longer text in the preferred slot first, then more literal template text.
private struct Rank: Comparable {
    let preferredLength: Int
    let literal: Int

    init(preferredLength: Int, literal: Int) {
        self.preferredLength = preferredLength
        self.literal = literal
    }

    init(_ state: MatchState, preferredSlot: String?) {
        var length = 0
        var link = state.captures
        while let capture = link {
            if capture.slot == preferredSlot { length = max(length, capture.length) }
            link = capture.next
        }
        self.init(preferredLength: length, literal: state.weight)
    }

    static func < (a: Rank, b: Rank) -> Bool {
        (a.preferredLength, a.literal) < (b.preferredLength, b.literal)
    }
}

extension IntentData {
    /// Final slots of a complete match, or nil when the merged context (caller context plus
    /// the contexts of matched list values) violates this block's context rules.
    func slots(for state: MatchState, context: [String: String]) -> [String: SlotValue]? {
        let captures = state.captures?.inOrder ?? []
        var merged = context
        for capture in captures { merged.merge(capture.context) { _, new in new } }
        for (key, excluded) in excludesContext {
            if let value = merged[key], excluded.contains(value) { return nil }
        }
        var contextSlots: [String: SlotValue] = [:]
        for (key, requirement) in requiresContext {
            guard requirement.accepts(merged[key]) else { return nil }
            if let slot = requirement.slot, let value = merged[key] { contextSlots[slot] = .string(value) }
        }
        var slots: [String: SlotValue] = [:]
        for capture in captures { slots[capture.slot] = capture.value }
        slots.merge(self.slots) { matched, _ in matched }
        slots.merge(contextSlots) { matched, _ in matched }
        return slots
    }
}
