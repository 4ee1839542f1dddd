import Foundation

/// Settings of the grammar-constrained decoder. Scores are natural-log posteriors per frame.
///
/// The defaults were chosen on synthetic posteriors (see `Tests/ASRTests/Decoder`), not on
/// recorded speech; calibrate `calibration` and `threshold` on held-out recordings of the
/// deployed model before relying on them.
public struct DecoderOptions: Sendable, Equatable {
    /// Paths scoring more than this below the frame's best path are dropped.
    public var beam: Float
    /// At most this many search states survive a frame (the best ones).
    public var maxActive: Int
    /// Cost per frame of explaining a frame by its best non-blank symbol (garbage) rather than
    /// by the grammar, before or after the command. Small: real speech that fits the grammar
    /// is still claimed by it, while noise is not stretched into optional words at the edges.
    public var garbagePenalty: Float
    /// Results with a lower confidence are rejected (`nil`).
    public var threshold: Double
    /// Maps the path scores to a confidence.
    public var calibration: ConfidenceCalibration

    /// Creates options; every parameter has a default.
    public init(beam: Float = 12, maxActive: Int = 1500, garbagePenalty: Float = 3, threshold: Double = 0.13,
                calibration: ConfidenceCalibration = ConfidenceCalibration()) {
        self.beam = beam
        self.maxActive = maxActive
        self.garbagePenalty = garbagePenalty
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
        guard (0...1).contains(threshold) else {
            throw DecoderError.invalidOption(name: "threshold", reason: "must lie in 0...1, got \(threshold)")
        }
    }
}

/// Confidence of a command = logistic(`scale` × (ratio + `posteriorWeight` × posterior)
/// + `coverageWeight` × (coverage − 1) + `offset`), where, per frame of the command, `ratio` is
/// the log-likelihood ratio of the best grammar path to the unconstrained best symbol sequence
/// (≤ 0: how much the grammar had to bend the acoustics), `posterior` is the best grammar
/// path's own log posterior (≤ 0: low for noise, where every symbol is about equally likely and
/// the ratio alone says nothing), and `coverage` is the share of the utterance's confident
/// speech frames that lie inside the command (low when only part of a longer, out-of-grammar
/// utterance could be fitted to a sentence).
public struct ConfidenceCalibration: Sendable, Equatable {
    /// Slope applied to the per-frame scores.
    public var scale: Double
    /// Logit of a command that fits the grammar perfectly.
    public var offset: Double
    /// Weight of the grammar path's own posterior beside the likelihood ratio.
    public var posteriorWeight: Double
    /// Logit lost when none of the utterance's speech lies inside the command.
    public var coverageWeight: Double

    /// Creates a calibration; the defaults suit synthetic posteriors (see `DecoderOptions`).
    public init(scale: Double = 4, offset: Double = 3, posteriorWeight: Double = 0.5, coverageWeight: Double = 8) {
        self.scale = scale
        self.offset = offset
        self.posteriorWeight = posteriorWeight
        self.coverageWeight = coverageWeight
    }

    /// The confidence (0–1) for per-frame `ratio` and `posterior` and the speech `coverage`.
    public func confidence(ratio: Double, posterior: Double, coverage: Double) -> Double {
        let z = scale * (ratio + posteriorWeight * posterior) + coverageWeight * (coverage - 1) + offset
        return 1 / (1 + Foundation.exp(-z))
    }
}
