/// A spoken command recognized by the decoder.
public struct RecognitionResult: Sendable {
    /// The recognized words, space separated.
    public let text: String
    /// Intent, slots (with the data block's fixed slots and context slots) and response.
    public let intent: IntentMatch
    /// Confidence in 0...1 (see `ConfidenceCalibration`).
    public let confidence: Double
    /// Per-frame log-score lead of this hypothesis over the best one of another intent;
    /// `.infinity` when no other intent survived the search.
    public let margin: Double
    /// Where the command starts in the audio, in seconds.
    public let start: Double
    /// Where the command ends in the audio, in seconds.
    public let end: Double
}
