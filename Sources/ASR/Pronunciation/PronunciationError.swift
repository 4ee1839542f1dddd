/// Why a word could not be pronounced or the phoneme inventory could not be used.
public enum PronunciationError: Error, CustomStringConvertible, Equatable {
    /// libespeak-ng failed.
    case espeak(String)
    /// espeak-ng produced a phoneme the inventory neither lists nor aliases.
    case unknownPhoneme(name: String, word: String)
    /// A line of an inventory or pronunciation file is malformed.
    case badInventory(origin: String, line: Int, problem: String)

    public var description: String {
        switch self {
        case .espeak(let problem): "espeak-ng: \(problem)"
        case .unknownPhoneme(let name, let word):
            "espeak-ng phoneme '\(name)' in '\(word)' is not in the model's phoneme inventory"
        case .badInventory(let origin, let line, let problem): "\(origin):\(line): \(problem)"
        }
    }
}
