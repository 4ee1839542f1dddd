import Testing
@testable import ASR

/// The merged number word graphs say exactly the spelled numbers of their range, with their values.
@Suite struct NumberWordsTests {
    /// Every (words, value) path of `words`.
    static func paths(_ words: NumberWords) -> [String: Double] {
        var found: [String: Double] = [:]
        func walk(_ node: Int, _ spoken: [String], _ value: Double) {
            if let residual = words.finals[node] { found[spoken.joined(separator: " ")] = value + residual }
            for arc in words.arcs[node] { walk(arc.to, spoken + [arc.word], value + arc.delta) }
        }
        walk(words.start, [], words.offset)
        return found
    }

    @Test(arguments: [
        SlotList.NumberRange(from: 0, to: 100),
        SlotList.NumberRange(from: 0, to: 100, fractionDenominator: 2),
        SlotList.NumberRange(from: 0.5, to: 20, step: 0.5),
        SlotList.NumberRange(from: 1000, to: 10000),
        SlotList.NumberRange(from: -5, to: 5, step: 0.1),
    ])
    func graphSaysEveryNumberOfTheRange(range: SlotList.NumberRange) {
        let words = NumberWords(range: range)
        var expected: [String: Double] = [:]
        for value in NumberWords.values(in: range) {
            #expect(range.contains(value))
            for spelling in NumberWords.spellings(of: value) { expected[spelling.joined(separator: " ")] = value }
        }
        let found = Self.paths(words)
        #expect(found.count == expected.count)
        for (spoken, value) in expected {
            #expect(abs((found[spoken] ?? .nan) - value) < 1e-6, "\(spoken)")
        }
        #expect(words.arcs.count < max(60, expected.count / 10), "merging left \(words.arcs.count) nodes")
    }

    @Test func spellingsReadBackAsTheirValue() {
        for value in [0, 0.5, 7, 21.5, 100, 105, 2700, 2705, 10000, -3.5, 0.3] {
            for spelling in NumberWords.spellings(of: value) {
                let text = Array(spelling.joined(separator: " ").unicodeScalars)
                let readings = SpokenNumbers.wordReadings(text, at: 0).filter { $0.end == text.count }
                #expect(readings.contains { abs($0.value - value) < 1e-9 }, "\(spelling) for \(value)")
            }
        }
    }
}
