/// Why a grammar could not be compiled into a decoding graph, or the decoder could not be set up.
public enum DecoderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// espeak-ng gave no usable phonemes for a word of the grammar or of a list.
    case unpronounceable(word: String, origin: String, reason: String)
    /// The pronouncer produced a symbol the acoustic model does not have.
    case unknownSymbol(symbol: String, word: String)
    /// An expansion rule refers back to itself.
    case recursiveRule(rule: String, origin: String)
    /// An option is out of range.
    case invalidOption(name: String, reason: String)

    /// A message naming the word or rule and where in the grammar it came from.
    public var description: String {
        switch self {
        case .unpronounceable(let word, let origin, let reason):
            "\(origin): cannot pronounce '\(word)': \(reason) (add a pronunciation override for it)"
        case .unknownSymbol(let symbol, let word):
            "pronunciation of '\(word)' uses phoneme '\(symbol)', which the acoustic model does not have"
        case .recursiveRule(let rule, let origin):
            "\(origin): expansion rule <\(rule)> refers back to itself"
        case .invalidOption(let name, let reason):
            "decoder option \(name): \(reason)"
        }
    }
}
