import Audio

/// One place where a keyword spotter heard its phrase, in samples from the start of the stream.
public struct Detection: Sendable, Equatable {
    /// First sample of the model step where the phrase's first phoneme was aligned.
    public var startSample: Int
    /// One past the last sample the step holding the phrase's last phoneme was computed from.
    public var endSample: Int
    /// How well the phrase beats the free phoneme loop over its span: 1 is a perfect match, 0 none
    /// (see `KeywordSearch`).
    public var score: Double

    /// Creates a detection.
    public init(startSample: Int, endSample: Int, score: Double) {
        self.startSample = startSample
        self.endSample = endSample
        self.score = score
    }

    /// Start time in seconds.
    public var start: Double { Double(startSample) / Double(AudioFormat.sampleRate) }
    /// End time in seconds.
    public var end: Double { Double(endSample) / Double(AudioFormat.sampleRate) }
}
