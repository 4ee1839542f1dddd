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
    /// Cost per frame of explaining a non-blank frame as garbage before or after the command.
    public var garbagePenalty: Float
    /// Results with a lower confidence are rejected (`nil`).
    public var threshold: Double
    /// Maps the path scores to a confidence.
    public var calibration: ConfidenceCalibration

    /// Creates options; every parameter has a default.
    public init(beam: Float = 16, maxActive: Int = 3000, garbagePenalty: Float = 3, threshold: Double = 0.5,
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

/// Confidence of a command = logistic(`scale` × (ratio + `posteriorWeight` × posterior) + `offset`),
/// where, per frame of the command, `ratio` is the log-likelihood ratio of the best grammar
/// path to the unconstrained best symbol sequence (≤ 0: how much the grammar had to bend the
/// acoustics) and `posterior` is the best grammar path's own log posterior (≤ 0: low for noise,
/// where every symbol is about equally likely and the ratio alone says nothing).
public struct ConfidenceCalibration: Sendable, Equatable {
    public var scale: Double
    public var offset: Double
    public var posteriorWeight: Double

    /// Creates a calibration; the defaults suit synthetic posteriors (see `DecoderOptions`).
    public init(scale: Double = 2, offset: Double = 3, posteriorWeight: Double = 0.5) {
        self.scale = scale
        self.offset = offset
        self.posteriorWeight = posteriorWeight
    }

    /// The confidence (0–1) for per-frame `ratio` and `posterior`.
    public func confidence(ratio: Double, posterior: Double) -> Double {
        1 / (1 + Foundation.exp(-(scale * (ratio + posteriorWeight * posterior) + offset)))
    }
}
