import Foundation

/// Settings of the grammar-constrained decoder. Scores are natural-log posteriors per frame.
///
/// The search defaults were chosen on synthetic posteriors (see `Tests/ASRTests/Decoder`);
/// `blankPenalty` is the best of a sweep over held-out synthetic speech (clean and 10 dB, see
/// README), and `calibration` and `threshold` are `training.calibrate`'s fit, both for the shipped
/// model. A new model needs a new fit.
public struct DecoderOptions: Sendable, Equatable {
    /// Paths scoring more than this below the frame's best path are dropped.
    public var beam: Float
    /// At most this many search states survive a frame (the best ones).
    public var maxActive: Int
    /// Cost per frame of explaining a frame by its best non-blank symbol (garbage) rather than
    /// by the grammar, before or after the command. Small: real speech that fits the grammar
    /// is still claimed by it, while noise is not stretched into optional words at the edges.
    public var garbagePenalty: Float
    /// Subtracted from the CTC blank's log posterior on every frame. A model trained on synthetic
    /// voices answers unfamiliar real speech (a weak /s/ in an 8 kHz file, a mumbled vowel) with a
    /// confident blank; the penalty lets such frames count for the phoneme that is still second best.
    public var blankPenalty: Float
    /// Results with a lower confidence are rejected (`nil`).
    public var threshold: Double
    /// Maps the path scores to a confidence.
    public var calibration: ConfidenceCalibration

    /// Creates options; every parameter has a default.
    public init(beam: Float = 16, maxActive: Int = 1500, garbagePenalty: Float = 3, blankPenalty: Float = 2.5,
                threshold: Double = 0.16, calibration: ConfidenceCalibration = ConfidenceCalibration()) {
        self.beam = beam
        self.maxActive = maxActive
        self.garbagePenalty = garbagePenalty
        self.blankPenalty = blankPenalty
        self.threshold = threshold
        self.calibration = calibration
    }

    /// - Throws: `DecoderError.invalidOption` naming the first bad value.
    func validate() throws {
        guard beam > 0 else { throw DecoderError.invalidOption(name: "beam", reason: "must be positive, got \(beam)") }
        guard maxActive > 0 else {
            throw DecoderError.invalidOption(name: "maxActive", reason: "must be positive, got \(maxActive)")
        }
        guard garbagePenalty >= 0 else {
            throw DecoderError.invalidOption(name: "garbagePenalty", reason: "must not be negative, got \(garbagePenalty)")
        }
        guard blankPenalty >= 0 else {
            throw DecoderError.invalidOption(name: "blankPenalty", reason: "must not be negative, got \(blankPenalty)")
        }
        guard (0...1).contains(threshold) else {
            throw DecoderError.invalidOption(name: "threshold", reason: "must lie in 0...1, got \(threshold)")
        }
    }
}
