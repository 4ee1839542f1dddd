import Testing
import Foundation
@testable import ASR
@Test func scratch() throws {
    let grammar = try Grammar.load(paths: [TestPaths.homeGrammar.path])
    let lists = HomeGrammarTests.fixture.lists
    let recognizer = IntentRecognizer(grammar: grammar)
    for intent in grammar.intents {
        var t = Date()
        let s = grammar.sentences(for: intent.name, lists: lists, limit: 50)
        print(intent.name, s.count, Date().timeIntervalSince(t))
        t = Date()
        for x in s { _ = recognizer.recognize(x, lists: lists, context: ["area": "Kitchen"]) }
        print("  recognize", Date().timeIntervalSince(t))
    }
}
