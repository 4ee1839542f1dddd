import Testing
@testable import ASR

/// The keyword-versus-filler search on hand-made logits: no acoustic model involved.
@Suite struct KeywordSearchTests {
    static let symbols = 10

    /// Logits where `symbol` clearly wins.
    static func peak(_ symbol: Int) -> [Float] {
        var row = Array(repeating: Float(-8), count: symbols)
        row[symbol] = 0
        return row
    }

    static func run(_ rows: [[Float]], keyword: [Int], threshold: Double = 0.5) -> [KeywordSearch.Hit] {
        var search = KeywordSearch(keyword: keyword, threshold: threshold, holdSteps: 3, maximumSteps: 12)
        return rows.compactMap { search.advance($0) } + [search.finish()].compactMap { $0 }
    }

    @Test func keywordSpokenClearlyIsFoundOnceWithItsSpan() {
        // blank ×5, 3 3 blank 4 5 5, blank ×10
        let rows = Array(repeating: Self.peak(0), count: 5) + [3, 3, 0, 4, 5, 5].map(Self.peak)
            + Array(repeating: Self.peak(0), count: 10)
        let hits = Self.run(rows, keyword: [3, 4, 5])
        #expect(hits.count == 1)
        // The span is the shortest one: the last step of the first phoneme to the first of the last.
        #expect(hits.first?.start == 6)
        #expect(hits.first?.end == 9)
        #expect(abs((hits.first?.score ?? 0) - 1) < 1e-9)
    }

    @Test func otherPhonemesAreNotTheKeyword() {
        let rows = Array(repeating: Self.peak(0), count: 5) + [6, 7, 0, 8, 1, 1, 2].map(Self.peak)
            + Array(repeating: Self.peak(0), count: 10)
        #expect(Self.run(rows, keyword: [3, 4, 5]).isEmpty)
    }

    @Test func oneWrongPhonemeLowersTheScore() {
        let clean = [3, 4, 5].map(Self.peak) + Array(repeating: Self.peak(0), count: 5)
        let wrong = [3, 7, 5].map(Self.peak) + Array(repeating: Self.peak(0), count: 5)
        let good = Self.run(clean, keyword: [3, 4, 5], threshold: 0).map(\.score).max() ?? 0
        let bad = Self.run(wrong, keyword: [3, 4, 5], threshold: 0).map(\.score).max() ?? 0
        #expect(good > 0.99)
        #expect(bad < 0.1, "one phoneme 8 nats below the winner over 3 steps: exp(-8/3)")
    }

    @Test func doubledPhonemeNeedsTwoPeaks() {
        // "3 3" in the keyword must be separated by a blank: one long 3 is not enough.
        let once = Array(repeating: Self.peak(3), count: 4) + [Self.peak(5)] + Array(repeating: Self.peak(0), count: 5)
        let twice = [3, 0, 3, 5].map(Self.peak) + Array(repeating: Self.peak(0), count: 5)
        #expect(Self.run(once, keyword: [3, 3, 5]).isEmpty)
        #expect(Self.run(twice, keyword: [3, 3, 5]).count == 1)
    }

    @Test func twoUtterancesGiveTwoHits() {
        let word = [3, 4, 5].map(Self.peak) + Array(repeating: Self.peak(0), count: 8)
        let hits = Self.run(word + word, keyword: [3, 4, 5])
        #expect(hits.map(\.start) == [0, 11])
    }
}
