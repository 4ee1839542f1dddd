import Testing
@testable import ASR

/// Digits and English number words, as the speech decoder and typed commands produce them.
struct SpokenNumbersTests {
    static let longestReadings: [(String, Double)] = [
        ("21", 21), ("-3", -3), ("21.5", 21.5), ("20,5", 20.5), ("21 and a half", 21.5),
        ("zero", 0), ("seven", 7), ("nineteen", 19), ("twenty one", 21), ("seventy five", 75),
        ("one hundred", 100), ("a hundred", 100), ("one hundred and five", 105), ("two hundred ten", 210),
        ("twenty seven hundred", 2700), ("three thousand", 3000), ("six thousand five hundred", 6500),
        ("twenty one and a half", 21.5), ("twenty point five", 20.5), ("point five", 0.5),
        ("one point two five", 1.25), ("minus four", -4),
    ]

    /// The last reading (the longest prefix) of the normalized text.
    static func longest(_ text: String) -> Double? {
        let input = TextNormalizer.units(text).map(\.lower)
        let readings = SpokenNumbers.digitReadings(input, at: 0) + SpokenNumbers.wordReadings(input, at: 0)
        return readings.filter { $0.end == input.count }.last?.value
    }

    @Test(arguments: longestReadings)
    func reads(_ text: String, _ value: Double) {
        #expect(Self.longest(text) == value)
    }

    @Test func offersEveryPrefixSoTemplatesCanContinue() {
        let input = TextNormalizer.units("twenty one degrees").map(\.lower)
        let readings = SpokenNumbers.wordReadings(input, at: 0)
        #expect(readings == [.init(value: 20, end: 6), .init(value: 21, end: 10)])
    }

    @Test(arguments: ["hundred", "and", "the", "twenty%", ""])
    func rejectsNonNumbers(_ text: String) {
        #expect(Self.longest(text) == nil)
    }

    @Test(arguments: [(0.0, "zero"), (21, "twenty one"), (100, "one hundred"), (2700, "two thousand seven hundred"),
                      (21.5, "twenty one point five"), (-2, "minus two"), (115, "one hundred fifteen")])
    func spells(_ value: Double, _ words: String) {
        #expect(SpokenNumbers.spell(value) == words)
        #expect(Self.longest(words) == value)
    }
}
