import Foundation

/// Words → phoneme symbols of the acoustic model, through espeak-ng, with a cache and overrides.
///
/// Mirrors `training/phonemes.py` (`raw_words` + `Inventory.fold`): stress marks `' , % =` removed,
/// pauses (`_…`) and syllable breaks (`;`) dropped, every name folded through the inventory.
/// Overrides (from the grammar) give odd device names a pronunciation of their own.
public final class Pronouncer: @unchecked Sendable {
    public let inventory: PhonemeInventory
    private let espeak: Espeak
    private var cache: [String: [String]]
    private let lock = NSLock()

    /// - Parameter overrides: word → how it is spoken, used instead of espeak-ng's rules for that
    ///   word: either sounds-like text (`"zigbee": "zig bee"`, itself read by espeak-ng) or, when
    ///   it contains `/`, espeak mnemonics written like espeak's output (`"hue": "h/j/'u:"`).
    /// - Throws: `PronunciationError.unknownPhoneme` naming the word whose override the model
    ///   cannot say.
    public init(inventory: PhonemeInventory, overrides: [String: String] = [:]) throws {
        self.inventory = inventory
        espeak = try Espeak.shared()
        cache = [:]
        for (word, spoken) in overrides.sorted(by: { $0.key < $1.key }) {
            cache[word.lowercased()] = spoken.contains("/")
                ? try fold(words: [spoken], text: word)
                : try fold(words: espeakWords(spoken.lowercased()), text: word)
        }
    }

    /// The phoneme symbols of one word or phrase, word boundaries removed.
    public func phonemes(_ text: String) throws -> [String] {
        let key = text.lowercased()
        if let cached = lock.withLock({ cache[key] }) { return cached }
        let symbols = try fold(words: espeakWords(key), text: text)
        lock.withLock { cache[key] = symbols }
        return symbols
    }

    private func espeakWords(_ text: String) -> [String] {
        espeak.clauses(text).flatMap { $0.split(separator: " ").map(String.init) }
    }

    private func fold(words: [String], text: String) throws -> [String] {
        var symbols: [String] = []
        for word in words {
            for rawName in word.split(separator: "/") {
                let name = rawName.filter { !Self.stressMarks.contains($0) }
                if name.isEmpty || name.hasPrefix("_") || name == ";" { continue }
                guard let folded = inventory.fold(name) else {
                    throw PronunciationError.unknownPhoneme(name: name, word: text)
                }
                symbols += folded
            }
        }
        return symbols
    }

    private static let stressMarks: Set<Character> = ["'", ",", "%", "="]
}
