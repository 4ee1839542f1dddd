import Audio

/// Spots a wake phrase typed as text in a 16 kHz stream, with the command recognizer's acoustic model.
///
/// No training: the phrase's phonemes come from the pronouncer (espeak-ng), and `KeywordSearch`
/// scores them against a free phoneme loop on the model's posteriors. `threshold` (0–1) trades misses
/// for false accepts; `threshold(sensitivity:)` maps the user-facing sensitivity onto it.
public struct KeywordSpotter: Sendable {
    /// The acoustic model.
    public let model: AcousticModel
    /// The phrase as typed.
    public let phrase: String
    /// The phrase's phoneme symbols.
    public let phonemes: [String]
    /// The lowest score reported as a detection.
    public let threshold: Double
    /// Warnings about the phrase (too short, too common); empty when it is a good wake phrase.
    public let warnings: [String]
    private let ids: [Int]
    /// The front end and model state every stream starts from: primed with room tone for a model with
    /// padding of its own (`AcousticModel.paddingSeconds`), fresh otherwise; and the lead-out after it.
    private let primed: PrimedStreams.Primed

    /// How long a detection waits for a better score before it is reported, in seconds.
    public static let holdSeconds = 0.1
    /// The longest time one phoneme of the phrase may take on average, in seconds (slow speech).
    static let maximumPhonemeSeconds = 0.2

    /// Prepares spotting `phrase`.
    /// - Parameters:
    ///   - phrase: any words; the pronouncer gives their phonemes.
    ///   - model: the acoustic model (its symbols must be those of the pronouncer's inventory).
    ///   - pronouncer: words → phonemes.
    ///   - threshold: the lowest score reported, in 0…1.
    /// - Throws: `SpottingError` for an empty phrase or a threshold outside 0…1, a `PronunciationError`
    ///   when a word cannot be pronounced, `AudioError` for bad feature parameters in the model.
    public init(phrase: String, model: AcousticModel, pronouncer: Pronouncer, threshold: Double) throws {
        let words = phrase.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else { throw SpottingError.emptyPhrase }
        guard (0...1).contains(threshold) else { throw SpottingError.badThreshold(threshold) }
        phonemes = try pronouncer.phonemes(words.joined(separator: " "))
        guard !phonemes.isEmpty else { throw SpottingError.noPhonemes(phrase) }
        var ids: [Int] = []
        for symbol in phonemes {
            guard let id = model.symbols.firstIndex(of: symbol), id > 0 else {
                throw SpottingError.unknownSymbol(symbol, phrase: phrase)
            }
            ids.append(id)
        }
        self.ids = ids
        self.model = model
        self.phrase = phrase
        self.threshold = threshold
        warnings = PhraseCheck.warnings(phrase: phrase, phonemes: phonemes)
        primed = try PrimedStreams(model: model).primed(sourceRate: AudioFormat.sampleRate,
                                                        leadIn: model.paddingSeconds != nil)
    }

    /// The detection threshold for a sensitivity in 0…1: more sensitive spots more (and falsely accepts more).
    public static func threshold(sensitivity: Double) -> Double { 1 - sensitivity }

    /// A stream for audio that arrives in chunks.
    public func makeStream() -> SpotterStream {
        let holdSteps = Int((Self.holdSeconds / model.stepSeconds).rounded(.up))
        let maximumSteps = Int((Double(ids.count) * Self.maximumPhonemeSeconds / model.stepSeconds).rounded(.up))
        return SpotterStream(
            features: primed.features, acoustic: primed.acoustic,
            search: KeywordSearch(keyword: ids, threshold: threshold, holdSteps: holdSteps, maximumSteps: maximumSteps),
            leadInSamples: primed.leadInSamples, leadOut: primed.leadOut)
    }

    /// Every detection in a whole signal (16 kHz mono).
    public func detections(in samples: [Float]) -> [Detection] {
        var stream = makeStream()
        return stream.process(samples) + stream.finish()
    }
}

/// Why a wake phrase cannot be spotted.
public enum SpottingError: Error, CustomStringConvertible, Equatable {
    /// The phrase has no words.
    case emptyPhrase
    /// The pronouncer gave no phonemes for the phrase.
    case noPhonemes(String)
    /// A phoneme of the phrase is not an output of the model.
    case unknownSymbol(String, phrase: String)
    /// The threshold is outside 0…1.
    case badThreshold(Double)

    public var description: String {
        switch self {
        case .emptyPhrase: "the wake phrase is empty: give one or more words"
        case .noPhonemes(let phrase): "wake phrase '\(phrase)' has no pronounceable words"
        case .unknownSymbol(let symbol, let phrase): "phoneme '\(symbol)' of wake phrase '\(phrase)' is not an output of the acoustic model"
        case .badThreshold(let value): "spotting threshold \(value) is outside 0…1"
        }
    }
}
