import Foundation
import Testing
@testable import ASR

/// Sentence → word graph → phoneme graph compilation.
@Suite struct GraphCompilerTests {
    /// Every word sequence of a word graph (small graphs only).
    static func sentences(_ graph: WordGraph, vocabulary: Vocabulary) -> Set<String> {
        var found = Set<String>()
        func walk(_ node: Int, _ words: [String]) {
            if node == graph.final { found.insert(words.joined(separator: " ")) }
            for arc in graph.arcs[node] {
                walk(arc.to, arc.word >= 0 ? words + [vocabulary.words[Int(arc.word)]] : words)
            }
        }
        walk(0, [])
        return found
    }

    static func wordGraph(_ text: String, lists: [String: SlotList] = [:],
                          rules: [String: String] = [:]) throws -> (WordGraph, Vocabulary) {
        let location = SourceLocation(file: "test.yaml", line: 1)
        let template = try Template(text, location: location)
        let parsedRules = try rules.mapValues { try Template($0, location: location) }
        var compiler = SentenceCompiler(rules: { parsedRules[$0] }, lists: { lists[$0] },
                                        data: IntentData(sentences: [template], location: location))
        var tags = TagTable()
        var numbers = NumberWordCache()
        let end = try compiler.compile(template, tags: &tags, numbers: &numbers)
        var vocabulary = Vocabulary()
        return (WordSplitter.split(compiler.graph, end: end, vocabulary: &vocabulary), vocabulary)
    }

    @Test(arguments: [
        ("turn on [the] light[s]", ["turn on light", "turn on lights", "turn on the light", "turn on the lights"]),
        ("(a; b c)", ["a b c", "b c a"]),
        ("set to {level}[ ](%|percent)", ["set to one percent", "set to two percent"]),
        ("<greet> world", ["hello world", "hi world"]),
        ("x {free} y", []),
    ])
    func wordGraphSaysTheTemplate(template: String, expected: [String]) throws {
        let lists = ["level": SlotList(range: .init(from: 1, to: 2)), "free": SlotList.wildcard]
        let (graph, vocabulary) = try Self.wordGraph(template, lists: lists, rules: ["greet": "(hello|hi)"])
        #expect(Self.sentences(graph, vocabulary: vocabulary) == Set(expected))
    }

    @Test func recursiveRuleIsNamed() throws {
        #expect(throws: DecoderError.recursiveRule(rule: "a", origin: "test.yaml:1")) {
            try Self.wordGraph("<a>", rules: ["a": "x [<a>]"])
        }
    }

    @Test func listValuesFollowTheBlockContext() throws {
        let grammar = try Grammar(yaml: """
            language: en
            intents:
              Dim:
                data:
                  - sentences: ["dim {name}"]
                    requires_context: {domain: light}
            """, file: "dim.yaml")
        let lists = ["name": SlotList(values: [
            SlotList.Value(phrases: ["Desk Lamp"], context: ["domain": "light"]),
            SlotList.Value(phrases: ["Thermostat"], context: ["domain": "climate"]),
        ])]
        let decoder = try SpeechDecoder(grammar: grammar, pronouncer: DecoderFixtures.pronouncer(),
                                        symbols: DecoderFixtures.pronouncer().inventory.symbols, lists: lists)
        #expect(decoder.graph.words.contains("lamp"))
        #expect(!decoder.graph.words.contains("thermostat"))
    }

    @Test func sentencesNeedingMissingContextAreLeftOut() throws {
        let grammar = try Grammar(yaml: """
            language: en
            intents:
              Here:
                data:
                  - sentences: ["lights on here"]
                    requires_context: {area: {slot: true}}
                  - sentences: ["lights on everywhere"]
            """, file: "here.yaml")
        let pronouncer = try DecoderFixtures.pronouncer()
        let without = try SpeechDecoder(grammar: grammar, pronouncer: pronouncer, symbols: pronouncer.inventory.symbols)
        let with = try SpeechDecoder(grammar: grammar, pronouncer: pronouncer, symbols: pronouncer.inventory.symbols,
                                     context: ["area": "Kitchen"])
        #expect(without.graphSize.sentences == 1)
        #expect(with.graphSize.sentences == 2)
    }

    @Test func unpronounceableWordNamesItsSentence() throws {
        let grammar = try Grammar(yaml: """
            language: en
            intents:
              Odd:
                data:
                  - sentences: ["turn on the blorp"]
            """, file: "odd.yaml")
        let pronouncer = try DecoderFixtures.pronouncer()
        let error = #expect(throws: DecoderError.self) {
            try SpeechDecoder(grammar: grammar, pronouncer: pronouncer, symbols: ["<blank>", "t"])
        }
        #expect(error?.description.contains("odd.yaml:") == true, "\(String(describing: error))")
    }

    @Test func homeGraphSizeFor100Devices() throws {
        let grammar = try #require(DecoderFixtures.grammar)
        let pronouncer = try DecoderFixtures.pronouncer()
        let lists = DecoderFixtures.home(devices: 100, rooms: 20)
        let clock = ContinuousClock()
        var decoder: SpeechDecoder?
        var times: [Duration] = []
        for _ in 0..<2 {
            times.append(try clock.measure {
                decoder = try SpeechDecoder(grammar: grammar, pronouncer: pronouncer,
                                            symbols: pronouncer.inventory.symbols, lists: lists, context: ["area": "Kitchen"])
            })
        }
        let size = try #require(decoder).graphSize
        print("home.yaml, 100 devices, 20 rooms: \(size); compiled in \(times[0]) with G2P, \(times[1]) with cached G2P")
        #expect(size.sentences > 100)
        #expect(size.units < 600_000, "\(size)")
        #expect(size.arcs < 3_000_000, "\(size)")
    }
}
