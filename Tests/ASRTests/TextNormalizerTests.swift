import Testing
@testable import ASR

/// The one normalization shared by input text, templates and list phrases.
struct TextNormalizerTests {
    static let cases: [(String, String)] = [
        ("  Turn ON the Lights!  ", "turn on the lights"),
        ("what’s the temp?", "what's the temp"),
        ("set it to 20.5°", "set it to 20.5°"),
        ("twenty-one", "twenty one"),
        ("it is -3 outside", "it is -3 outside"),
        ("up_to_date", "up to date"),
        ("3000K", "3000 k"),
        ("TV (Lounge)", "tv lounge"),
        ("a,b;c:d", "a b c d"),
        ("1,5 degrees", "1,5 degrees"),
        ("Ünïcödé CAFÉ", "ünïcödé café"),
    ]

    @Test(arguments: cases)
    func normalizes(_ text: String, _ expected: String) {
        #expect(TextNormalizer.normalize(text) == expected)
    }

    @Test func keepsOriginalScalarsForWildcards() {
        let units = TextNormalizer.units("Buy MILK, please")
        #expect(String(String.UnicodeScalarView(units.map(\.original))) == "Buy MILK please")
    }

    @Test func templateTextKeepsBoundarySpaces() {
        #expect(TextNormalizer.normalizeTemplateText(" Turn  on ") == " turn on ")
    }
}
