import Audio
import Foundation
import Testing
@testable import ASR

/// Guards against pathological matching times (typed commands are interactive).
struct RecognizerSpeedTests {
    @Test func homeGrammarStaysInteractive() throws {
        let recognizer = try #require(HomeGrammarTests.recognizer)
        let lists = HomeGrammarTests.fixture.lists
        let sentences = HomeGrammarTests.fixture.cases.map(\.sentence)
        let start = Date()
        for sentence in sentences {
            _ = recognizer.recognize(sentence, lists: lists, context: ["area": "Kitchen"])
        }
        let perCall = Date().timeIntervalSince(start) * 1000 / Double(sentences.count)
        print("home grammar: \(sentences.count) sentences, \(String(format: "%.2f", perCall)) ms per call")
        #expect(perCall < 50)
    }

    @Test func longNonsenseFailsQuickly() throws {
        let recognizer = try #require(HomeGrammarTests.recognizer)
        let words = ["turn", "the", "on", "off", "lights", "kitchen", "set", "to", "twenty", "one", "percent",
                     "degrees", "warmer", "and", "in", "all"]
        var generator = SplitMix64(seed: 1)
        let text = (0..<120).map { _ in words.randomElement(using: &generator)! }.joined(separator: " ")
        let start = Date()
        #expect(recognizer.recognize(text, lists: HomeGrammarTests.fixture.lists) == nil)
        #expect(Date().timeIntervalSince(start) < 2)
    }
}
