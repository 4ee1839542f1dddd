/// A spoken command recognized by the decoder.
public struct RecognitionResult: Sendable {
    /// The recognized words, space separated.
    public let text: String
    /// Intent, slots (with the data block's fixed slots and context slots) and response.
    public let intent: IntentMatch
    /// Confidence in 0...1 (see `ConfidenceCalibration`).
    public let confidence: Double
    /// What the confidence was computed from.
    public let evidence: ConfidenceEvidence
    /// Per-frame log-score lead of this hypothesis over the best one of another intent;
    /// `.infinity` when no other intent survived the search.
    public let margin: Double
    /// Where the command starts in the audio, in seconds.
    public let start: Double
    /// Where the command ends in the audio, in seconds.
    public let end: Double
}

extension RecognitionResult {
    /// The result with its times no later than `seconds`, the end of the audio: the decoder may place
    /// the end of a command in the room tone that follows it.
    func ending(by seconds: Double) -> RecognitionResult {
        RecognitionResult(text: text, intent: intent, confidence: confidence, evidence: evidence, margin: margin,
                          start: min(start, seconds), end: min(end, seconds))
    }
}
