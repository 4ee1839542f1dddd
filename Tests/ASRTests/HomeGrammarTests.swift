import Foundation
import Testing
import Yams
@testable import ASR

/// Runs every sentence of `Fixtures/home_tests.yaml` against `grammars/home.yaml`.
struct HomeGrammarTests {
    /// One sentence and what it must produce (`intent == nil`: no match).
    struct Case: Sendable, CustomTestStringConvertible {
        let sentence: String
        let intent: String?
        let slots: [String: SlotValue]
        let context: [String: String]

        var testDescription: String { sentence + (context.isEmpty ? "" : " \(context)") }
    }

    /// The fixture file, loaded once; `loadError` explains an empty case list.
    static let fixture: (cases: [Case], lists: [String: SlotList], loadError: String?) = {
        do {
            let root = try #require(try Yams.compose(yaml: String(contentsOf: TestPaths.fixtures
                .appendingPathComponent("home_tests.yaml"), encoding: .utf8)))
            return (try cases(root), try lists(root), nil)
        } catch {
            return ([], [:], "\(error)")
        }
    }()

    static let recognizer: IntentRecognizer? = try? IntentRecognizer(
        grammar: Grammar.load(paths: [TestPaths.homeGrammar.path]))

    @Test func fixtureAndGrammarLoad() throws {
        #expect(Self.fixture.loadError == nil, "\(Self.fixture.loadError ?? "")")
        #expect(Self.fixture.cases.count > 100)
        _ = try Grammar.load(paths: [TestPaths.homeGrammar.path])
    }

    @Test(arguments: fixture.cases)
    func sentence(_ test: Case) throws {
        let recognizer = try #require(Self.recognizer)
        let match = recognizer.recognize(test.sentence, lists: Self.fixture.lists, context: test.context)
        guard let intent = test.intent else {
            #expect(match == nil, "unexpected \(match?.intent ?? "") \(match?.slots ?? [:])")
            return
        }
        let found = try #require(match, "no match, expected \(intent) \(test.slots)")
        #expect(found.intent == intent)
        #expect(found.slots == test.slots)
    }

    // MARK: - Fixture loading

    static func cases(_ root: Node) throws -> [Case] {
        var cases: [Case] = []
        for test in root["tests"]?.array() ?? [] {
            let intent = test["intent"]?.string.flatMap { $0 == "null" ? nil : $0 }
            var slots: [String: SlotValue] = [:]
            for (key, value) in test["slots"]?.mapping ?? [:] {
                slots[key.string ?? ""] = HAConformanceTests.slotValue(value)
            }
            var context: [String: String] = [:]
            for (key, value) in test["context"]?.mapping ?? [:] { context[key.string ?? ""] = value.string }
            for sentence in test["sentences"]?.array() ?? [] {
                cases.append(Case(sentence: sentence.string ?? "", intent: intent, slots: slots, context: context))
            }
        }
        return cases
    }

    /// The hub's runtime lists for the fixture home.
    static func lists(_ root: Node) throws -> [String: SlotList] {
        let home = try #require(root["home"])
        func phrases(_ node: Node) -> [String] {
            [node["name"]?.string ?? ""] + (node["aliases"]?.array().compactMap(\.string) ?? [])
        }
        let areas = (home["areas"]?.array() ?? []).map {
            SlotList.Value(phrases: phrases($0))
        }
        let devices = (home["devices"]?.array() ?? []).map { device in
            var context = ["domain": device["domain"]?.string ?? ""]
            if let area = device["area"]?.string { context["area"] = area }
            return SlotList.Value(phrases: phrases(device), context: context)
        }
        return ["area": SlotList(values: areas), "name": SlotList(values: devices)]
    }
}
