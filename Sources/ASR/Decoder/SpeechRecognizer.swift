import Audio

/// Speech to intent: 16 kHz mono samples → MFCC → acoustic model → grammar-constrained decoder.
public struct SpeechRecognizer: Sendable {
    /// The acoustic model.
    public let model: AcousticModel
    /// The compiled decoder.
    public let decoder: SpeechDecoder
    /// The front end and the acoustic model after room tone, per recording rate.
    private let primedStreams: PrimedStreams

    /// Compiles `grammar` for `model`.
    /// - Parameters:
    ///   - model: the acoustic model; its feature parameters drive the MFCC front end.
    ///   - grammar: the intent grammar.
    ///   - pronouncer: gives each word's phonemes.
    ///   - lists: runtime lists such as `name` and `area`.
    ///   - context: the intent context, e.g. the satellite's `area`.
    ///   - options: search and confidence settings.
    /// - Throws: `DecoderError` (see `SpeechDecoder.init`) or `AudioError` for bad feature parameters.
    public init(model: AcousticModel, grammar: Grammar, pronouncer: Pronouncer, lists: [String: SlotList] = [:],
                context: [String: String] = [:], options: DecoderOptions = DecoderOptions()) throws {
        self.model = model
        primedStreams = try PrimedStreams(model: model)
        decoder = try SpeechDecoder(grammar: grammar, pronouncer: pronouncer, symbols: model.symbols,
                                    lists: lists, context: context, options: options)
    }

    /// Recognizes the command in `samples` (16 kHz mono), or nil when none is heard confidently.
    ///
    /// Room tone leads the recording only when its speech starts within `RoomTone.ownLeadSeconds`
    /// (`SpeechOnset`): a recording cut tight around the word gets the silence the model expects, one
    /// with a quiet or noisy start of its own is decoded from a fresh state, without a change of sound
    /// that the model could take for the start of speech. A model with a padding of its own
    /// (`AcousticModel.paddingSeconds`) always gets it, as every utterance had in training.
    /// - Parameter sourceRate: the rate the audio was recorded at, before conversion to 16 kHz.
    public func recognize(samples: [Float], sourceRate: Int = AudioFormat.sampleRate) -> RecognitionResult? {
        let leadIn = model.paddingSeconds != nil
            || SpeechOnset.seconds(in: samples, sampleRate: AudioFormat.sampleRate) < RoomTone.ownLeadSeconds
        var stream = makeStream(sourceRate: sourceRate, leadIn: leadIn)
        stream.process(samples)
        return stream.finish()
    }

    /// A stream for audio that arrives in chunks.
    /// - Parameters:
    ///   - sourceRate: the rate the audio was recorded at, before conversion to 16 kHz: below 16 kHz the
    ///     room tone around it is band-limited to match.
    ///   - leadIn: whether room tone primes the stream (true for live audio, which may start mid-word).
    public func makeStream(sourceRate: Int = AudioFormat.sampleRate, leadIn: Bool = true) -> SpeechStream {
        let primed = primedStreams.primed(sourceRate: sourceRate, leadIn: leadIn)
        return SpeechStream(features: primed.features, acoustic: primed.acoustic,
                            decoder: decoder.makeStream(frameSeconds: model.stepSeconds), leadOut: primed.leadOut)
    }
}

/// One utterance of streaming recognition; chunk sizes do not change the result.
public struct SpeechStream: Sendable {
    private var features: MFCC
    private var acoustic: AcousticStream
    private var decoder: DecoderStream
    /// Room tone fed after the last sample.
    private let leadOut: [Float]
    /// Samples of real audio consumed (the lead-out room tone not counted).
    private var sampleCount = 0

    init(features: MFCC, acoustic: AcousticStream, decoder: DecoderStream, leadOut: [Float]) {
        self.features = features
        self.acoustic = acoustic
        self.decoder = decoder
        self.leadOut = leadOut
    }

    /// Consumes the next samples (16 kHz mono).
    public mutating func process(_ samples: [Float]) {
        sampleCount += samples.count
        decoder.process(acoustic.process(features.process(samples)))
    }

    /// Ends the utterance and returns its command, or nil when none is heard confidently.
    public mutating func finish() -> RecognitionResult? {
        drain()
        return decoder.finish()?.ending(by: seconds)
    }

    /// Ends the utterance and returns the best command whatever its confidence.
    public mutating func finishBest() -> RecognitionResult? {
        drain()
        return decoder.best()?.ending(by: seconds)
    }

    /// Seconds of real audio consumed.
    private var seconds: Double { Double(sampleCount) / Double(AudioFormat.sampleRate) }

    /// Room tone after the last sample, then the front end's last frames, so that a recording cut tight
    /// after the word keeps its last sound.
    private mutating func drain() {
        decoder.process(acoustic.process(features.process(leadOut)))
        decoder.process(acoustic.process(features.flush()))
    }
}
