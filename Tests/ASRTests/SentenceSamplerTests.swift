import Audio
import Testing
@testable import ASR

/// Sentence enumeration and sampling, and the round trip sample → recognize.
struct SentenceSamplerTests {
    static let grammar = try! Grammar(yaml: """
    intents:
      SetLevel:
        data:
          - sentences: ["set [the] {name} to {level} percent"]
      Note:
        data:
          - sentences: ["note {message}"]
    lists:
      level: {range: {from: 0, to: 100, step: 50}}
      message: {wildcard: true}
    """, file: "inline.yaml")

    static let names = ["name": SlotList(strings: ["Desk Lamp", "Fan"])]

    @Test func enumeratesWithListsSubstitutedAndNumbersSpelled() {
        #expect(Self.grammar.sentences(for: "SetLevel", lists: Self.names) == [
            "set the desk lamp to zero percent", "set the desk lamp to fifty percent",
            "set the desk lamp to one hundred percent", "set the fan to zero percent",
            "set the fan to fifty percent", "set the fan to one hundred percent",
            "set desk lamp to zero percent", "set desk lamp to fifty percent",
            "set desk lamp to one hundred percent", "set fan to zero percent",
            "set fan to fifty percent", "set fan to one hundred percent",
        ])
        #expect(Self.grammar.sentences(for: "Note") == ["note {message}"])
        #expect(Self.grammar.sentences(lists: Self.names, limit: 3).count == 3)
        #expect(Self.grammar.sentences(for: "SetLevel").isEmpty, "no {name} list given")
    }

    @Test func samplingIsReproducibleWithASeed() {
        var first = SplitMix64(seed: 7)
        var second = SplitMix64(seed: 7)
        let a = Self.grammar.sampleSentences(for: "SetLevel", lists: Self.names, count: 20, using: &first)
        let b = Self.grammar.sampleSentences(for: "SetLevel", lists: Self.names, count: 20, using: &second)
        #expect(a == b)
        #expect(a.count == 20)
        let recognizer = IntentRecognizer(grammar: Self.grammar)
        for sentence in a {
            #expect(recognizer.recognize(sentence, lists: Self.names)?.intent == "SetLevel", "\(sentence)")
        }
    }

    /// Every enumerated or sampled sentence of the shipped grammar recognizes back to its own intent.
    @Test func homeGrammarSentencesRoundTrip() throws {
        let grammar = try Grammar.load(paths: [TestPaths.homeGrammar.path])
        let recognizer = IntentRecognizer(grammar: grammar)
        let lists = HomeGrammarTests.fixture.lists
        var checked = 0
        var wrong: [String] = []
        var generator = SplitMix64(seed: 42)
        for intent in grammar.intents {
            let context = ["area": "Kitchen"]
            let enumerated = grammar.sentences(for: intent.name, lists: lists, limit: 300)
            let sampled = grammar.sampleSentences(for: intent.name, lists: lists, count: 300, using: &generator)
            for sentence in enumerated + sampled {
                checked += 1
                let match = recognizer.recognize(sentence, lists: lists, context: context)
                if match?.intent != intent.name {
                    wrong.append("\(intent.name): \"\(sentence)\" → \(match?.intent ?? "nil")")
                }
            }
        }
        print("\(checked - wrong.count) of \(checked) home grammar samples round-trip")
        for line in wrong.prefix(30) { print("  \(line)") }
        #expect(checked > 3000)
        #expect(wrong.count == 0)
    }
}
