import Foundation
import Testing
@testable import ASR

/// YAML sections, merging of several files, and load-time errors with file and line.
struct GrammarLoadingTests {
    static let common = """
    language: en
    lists:
      brightness:
        range: {from: 0, to: 100}
      color:
        values: [red, {in: "(sky|light) blue", out: blue, context: {kind: cool}}]
      fraction:
        range: {from: 0, to: 1, step: 0.25, multiplier: 100}
      message:
        wildcard: true
    expansion_rules:
      the: "(the|my)"
      name: "[<the>] {name}"
    skip_words: [please]
    """

    static let turnOn = """
    language: en
    intents:
      HassTurnOn:
        data:
          - sentences: ["turn on <name>"]
            slots: {domain: light}
            requires_context: {domain: [light, switch]}
            excludes_context: {area: Garage}
            response: done
            expansion_rules: {extra: "x"}
    """

    @Test func readsAllSections() throws {
        let grammar = try Grammar(merging: [
            Grammar(yaml: Self.common, file: "_common.yaml"),
            Grammar(yaml: Self.turnOn.replacingOccurrences(of: "<name>", with: "{name}"), file: "turn_on.yaml"),
        ])
        #expect(grammar.language == "en")
        #expect(grammar.skipWords == ["please"])
        #expect(Set(grammar.lists.keys) == ["brightness", "color", "fraction", "message"])
        #expect(grammar.externalLists == ["name"])
        let data = try #require(grammar.intents.first?.data.first)
        #expect(data.slots == ["domain": .string("light")])
        #expect(data.requiresContext == ["domain": ContextRequirement(values: ["light", "switch"])])
        #expect(data.excludesContext == ["area": ["Garage"]])
        #expect(data.response == "done")
        #expect(grammar.expansionRule("extra", in: data)?.text == "x")
        #expect(grammar.expansionRule("extra") == nil)
        #expect(grammar.expansionRule("the", in: data)?.text == "(the|my)")
        #expect(data.sentences.first?.location == SourceLocation(file: "turn_on.yaml", line: 5))
    }

    @Test func mergesFilesAndDirectories() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grammar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.common.write(to: folder.appendingPathComponent("_common.yaml"), atomically: true, encoding: .utf8)
        try Self.turnOn.write(to: folder.appendingPathComponent("turn_on.yaml"), atomically: true, encoding: .utf8)
        let extra = folder.appendingPathComponent("extra.yml.txt")
        try """
        intents:
          HassTurnOn:
            data:
              - sentences: ["switch on <name>"]
        """.write(to: extra, atomically: true, encoding: .utf8)

        let grammar = try Grammar.load(paths: [folder.path, extra.path])
        #expect(grammar.intents.map(\.name) == ["HassTurnOn"])
        #expect(grammar.intents[0].data.count == 2)
        let recognizer = IntentRecognizer(grammar: grammar)
        let names = SlotList(values: [SlotList.Value(phrases: ["Desk Lamp"], context: ["domain": "light"])])
        #expect(recognizer.recognize("please switch on my desk lamp", lists: ["name": names])?.slots
            == ["name": .string("Desk Lamp")])
    }

    @Test func unknownRuleNamesFileLineFragmentAndSuggestion() {
        let yaml = """
        expansion_rules:
          area: "[the] {area}"
        intents:
          HassTurnOn:
            data:
              - sentences:
                  - "turn on the lights"
                  - "turn on <aera>"
        """
        #expect(throws: GrammarError.unknownRule(SourceLocation(file: "grammars/home.yaml", line: 8), rule: "aera",
                                                 template: "turn on <aera>", suggestion: "area")) {
            try Grammar(yaml: yaml, file: "grammars/home.yaml")
        }
        let error = GrammarError.unknownRule(SourceLocation(file: "grammars/home.yaml", line: 8), rule: "aera",
                                             template: "turn on <aera>", suggestion: "area")
        #expect(error.description
            == "grammars/home.yaml:8: unknown expansion rule <aera> in \"turn on <aera>\" (did you mean <area>?)")
    }

    static let brokenFiles: [(String, String)] = [
        ("intents:\n  A:\n    data:\n      - sentences: [\"turn on (the\"]\n",
         "g.yaml:4: missing ')' in \"turn on (the\""),
        ("expansion_rules:\n  loop: \"a <loop>\"\nintents:\n  A:\n    data:\n      - sentences: [\"<loop>\"]\n",
         "g.yaml:2: expansion rule <loop> refers to itself in \"a <loop>\""),
        ("intents:\n  A:\n    data:\n      - slots: {x: 1}\n",
         "g.yaml:4: invalid 'intents.A.data': a data block needs at least one sentence"),
        ("lists:\n  n:\n    range: {from: 0, to: ten}\n",
         "g.yaml:3: invalid 'lists.n.range.to': expected a number, got 'ten'"),
        ("lists:\n  n:\n    range: {from: 0, to: 10, fractions: thirds}\n",
         "g.yaml:3: invalid 'lists.n.range.fractions': unknown 'thirds' (expected halves or tenths)"),
        ("lists:\n  n:\n    items: [a]\n",
         "g.yaml:3: invalid 'lists.n': expected 'values', 'range' or 'wildcard: true'"),
        ("intents: [a, b]\n", "g.yaml:1: invalid 'intents': expected a mapping"),
        ("intents:\n  A:\n    data:\n      - sentences: [x]\n        require_context: {area: {slot: true}}\n",
         "g.yaml:5: invalid 'intents.A.data': unknown key 'require_context' (did you mean 'requires_context'?)"),
        ("expansion_rule:\n  a: b\n", "g.yaml:2: invalid 'top level': unknown key 'expansion_rule' (did you mean 'expansion_rules'?)"),
        ("intents:\n  A: {data: [{sentences: [\"x\"]}]\n  - broken\n", "g.yaml:3: invalid YAML"),
        ("pronunciations:\n  zigbee hub: zig bee hub\n",
         "g.yaml:2: invalid 'pronunciations.zigbee hub': a pronunciation is for one word"),
        ("pronunciations:\n  zigbee: [zig, bee]\n", "g.yaml:2: invalid 'pronunciations.zigbee': expected text"),
        ("pronunciations:\n  zigbee: \" \"\n", "g.yaml:2: invalid 'pronunciations.zigbee': empty pronunciation"),
    ]

    @Test func pronunciationsMergeLaterFilesWin() throws {
        let grammar = try Grammar(merging: [
            Grammar(yaml: "pronunciations: {Zigbee: zig bee, hue: \"h/j/'u:\"}", file: "a.yaml"),
            Grammar(yaml: "pronunciations: {hue: hew}", file: "b.yaml"),
        ])
        #expect(grammar.pronunciations == ["zigbee": "zig bee", "hue": "hew"])
    }

    @Test(arguments: brokenFiles)
    func rejectsBrokenFiles(_ yaml: String, _ message: String) {
        do {
            _ = try Grammar(yaml: yaml, file: "g.yaml")
            Issue.record("expected an error: \(message)")
        } catch {
            #expect("\(error)".hasPrefix(message), "\(error)")
        }
    }

    @Test func rejectsMixedLanguagesAndMissingFiles() {
        #expect(throws: GrammarError.self) {
            try Grammar(merging: [Grammar(yaml: "language: en", file: "a.yaml"),
                                  Grammar(yaml: "language: de", file: "b.yaml")])
        }
        #expect(throws: GrammarError.unreadable(path: "/no/such/grammar", reason: "no such file or directory")) {
            try Grammar.load(paths: ["/no/such/grammar"])
        }
    }
}
