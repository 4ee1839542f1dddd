import Foundation
import Testing
@testable import ASR

/// Swift G2P against `training/phonemes.py`: `Fixtures/g2p.json` holds `text_to_phonemes(phrase)` for
/// each phrase (regenerate with the snippet in the fixture's commit message if the inventory changes).
@Suite struct PronouncerTests {
    static let inventoryPath = TestPaths.packageRoot.appendingPathComponent("models/phonemes.txt")

    static func pronouncer(overrides: [String: String] = [:]) throws -> Pronouncer {
        let text = try String(contentsOf: inventoryPath, encoding: .utf8)
        return try Pronouncer(inventory: PhonemeInventory(text: text, origin: inventoryPath.path), overrides: overrides)
    }

    @Test func matchesThePythonLabels() throws {
        let expected = try JSONDecoder().decode(
            [String: [String]].self, from: Data(contentsOf: TestPaths.fixtures.appendingPathComponent("g2p.json")))
        let pronouncer = try Self.pronouncer()
        for (phrase, phonemes) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(try pronouncer.phonemes(phrase) == phonemes, "\(phrase)")
        }
    }

    @Test func overridesReplaceEspeak() throws {
        let pronouncer = try Self.pronouncer(overrides: ["zigbee": "z/'I/g/b/i:"])
        #expect(try pronouncer.phonemes("Zigbee") == ["z", "I", "g", "b", "i:"])
    }

    @Test func soundsLikeOverridesAreReadByEspeak() throws {
        let plain = try Self.pronouncer()
        let pronouncer = try Self.pronouncer(overrides: ["Nest": "west side"])
        #expect(try plain.phonemes("nest") != plain.phonemes("west side"))
        #expect(try pronouncer.phonemes("nest") == plain.phonemes("west side"))
        #expect(try pronouncer.phonemes("NEST") == plain.phonemes("west side"))
        #expect(try pronouncer.phonemes("lamp") == plain.phonemes("lamp"))
    }

    @Test func unknownOverridePhonemeIsNamed() throws {
        #expect(throws: PronunciationError.unknownPhoneme(name: "QQ", word: "blorp")) {
            try Self.pronouncer(overrides: ["blorp": "b/QQ/p"])
        }
    }

    @Test(arguments: [
        ("p\nb\n", "the first symbol must be '<blank>'"),
        ("<blank>\np\np\n", "duplicate symbol 'p'"),
        ("<blank>\np\nx -> k\n", "alias 'x' maps to unknown symbol 'k'"),
    ])
    func badInventoryNamesTheLine(text: String, problem: String) {
        let error = #expect(throws: PronunciationError.self) { try PhonemeInventory(text: text, origin: "inv.txt") }
        #expect(error?.description.contains(problem) == true, "\(String(describing: error))")
        #expect(error?.description.hasPrefix("inv.txt:") == true)
    }
}
