import Foundation
import Testing
import Yams
@testable import ASR

/// Runs Home Assistant's own English test sentences (`../shared/data/ha-intents/tests/en`)
/// against its sentences, with runtime lists built from `_fixtures.yaml` the way
/// home-assistant/intents' test suite builds them.
@Suite(.enabled(if: TestPaths.haIntentsAvailable, "../shared/data/ha-intents is missing; HA conformance skipped"))
struct HAConformanceTests {
    struct Case {
        let file: String
        let sentence: String
        let intent: String
        let slots: [String: [SlotValue]]
        let context: [String: String]
    }

    static let sentences = TestPaths.haIntents.appendingPathComponent("sentences/en")
    static let tests = TestPaths.haIntents.appendingPathComponent("tests/en")

    @Test func allHomeAssistantTestSentencesPass() throws {
        let grammar = try Grammar.load(paths: [Self.sentences.path])
        let recognizer = IntentRecognizer(grammar: grammar)
        let lists = try Self.fixtureLists()
        let cases = try Self.cases()
        var failures: [String] = []
        for test in cases {
            let match = recognizer.recognize(test.sentence, lists: lists, context: test.context)
            if let problem = Self.problem(with: match, expected: test) {
                failures.append("\(test.file): \"\(test.sentence)\": \(problem)")
            }
        }
        let passed = cases.count - failures.count
        print("\(passed) of \(cases.count) HA test sentences pass")
        for failure in failures.prefix(40) { print("  FAIL \(failure)") }
        #expect(cases.count > 400)
        #expect(passed == cases.count, "\(failures.count) HA sentences fail, first: \(failures.first ?? "")")
    }

    // MARK: - Comparison

    static func problem(with match: IntentMatch?, expected: Case) -> String? {
        guard let match else { return "no match (expected \(expected.intent))" }
        guard match.intent == expected.intent else { return "got intent \(match.intent), expected \(expected.intent)" }
        let got = match.slots.mapValues(\.description)
        for (name, value) in match.slots {
            guard let options = expected.slots[name] else { return "unexpected slot \(name)=\(value) in \(got)" }
            guard options.contains(where: { same(value, $0) }) else {
                return "slot \(name)=\(value), expected \(options.map(\.description)) in \(got)"
            }
        }
        for name in expected.slots.keys where match.slots[name] == nil {
            return "missing slot \(name) in \(got)"
        }
        return nil
    }

    /// Numbers compare by value (50 == 50.0), everything else as text.
    static func same(_ a: SlotValue, _ b: SlotValue) -> Bool {
        if let x = a.number, let y = b.number { return abs(x - y) < 1e-9 }
        return a.description == b.description
    }

    // MARK: - Loading

    static func load(_ url: URL) throws -> Node {
        try #require(try Yams.compose(yaml: String(contentsOf: url, encoding: .utf8)))
    }

    static func cases() throws -> [Case] {
        let files = try FileManager.default.contentsOfDirectory(atPath: tests.path)
            .filter { $0.hasSuffix(".yaml") && $0 != "_fixtures.yaml" }.sorted()
        var cases: [Case] = []
        for file in files {
            for test in try load(tests.appendingPathComponent(file))["tests"]?.array() ?? [] {
                let intent = try #require(test["intent"])
                let name = try #require(intent["name"]?.string)
                var slots: [String: [SlotValue]] = [:]
                for (key, value) in intent["slots"]?.mapping ?? [:] {
                    let values = value.sequence.map(Array.init) ?? [value]
                    slots[key.string ?? ""] = values.map(slotValue)
                }
                var context: [String: String] = [:]
                for (key, value) in intent["context"]?.mapping ?? [:] { context[key.string ?? ""] = value.string }
                for sentence in test["sentences"]?.array() ?? [] {
                    cases.append(Case(file: file, sentence: sentence.string ?? "", intent: name, slots: slots, context: context))
                }
            }
        }
        return cases
    }

    static func slotValue(_ node: Node) -> SlotValue {
        let text = node.string ?? ""
        if node.scalar?.style == .plain {
            if let value = Int(text) { return .int(value) }
            if let value = Double(text) { return .number(value) }
        }
        return .string(text)
    }

    /// `area`, `floor` and `name` lists as home-assistant/intents builds them: names with
    /// template syntax are expanded, entity context is the domain plus the attributes.
    static func fixtureLists() throws -> [String: SlotList] {
        let fixtures = try load(tests.appendingPathComponent("_fixtures.yaml"))
        func names(_ node: Node) throws -> [String] {
            let name = try #require(node["name"]?.string)
            guard TemplateSyntax.isTemplate(name) else { return [name.trimmingCharacters(in: .whitespaces)] }
            return try Expression(template: name).sentences()
        }
        let areas = try (fixtures["areas"]?.array() ?? []).flatMap(names)
        let floors = try (fixtures["floors"]?.array() ?? []).flatMap(names)
        var entities: [SlotList.Value] = []
        for entity in fixtures["entities"]?.array() ?? [] {
            let id = try #require(entity["id"]?.string)
            var context = ["domain": String(id.prefix { $0 != "." })]
            for (key, value) in entity["attributes"]?.mapping ?? [:] {
                context[key.string ?? ""] = value.string
            }
            for name in try names(entity) {
                entities.append(SlotList.Value(phrases: [name], out: .string(name), context: context))
            }
        }
        return ["area": SlotList(strings: areas), "floor": SlotList(strings: floors), "name": SlotList(values: entities)]
    }
}
