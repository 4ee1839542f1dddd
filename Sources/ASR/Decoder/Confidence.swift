import Foundation

/// What a command's confidence is computed from, read off the search.
///
/// The scores are summed over the command's frames and divided by its phonemes, not its frames: a
/// command the grammar forces onto noise spreads a few unlikely phonemes over many blank frames,
/// which looks good per frame and bad per phoneme.
public struct ConfidenceEvidence: Sendable, Equatable, Codable {
    /// Phonemes in the pronunciation of the command's words.
    public let phonemes: Int
    /// Log-likelihood ratio of the best grammar path to the unconstrained best symbol sequence, per
    /// phoneme (≤ 0: how much the grammar had to bend the acoustics).
    public let ratio: Double
    /// The best grammar path's own log posterior, per phoneme (≤ 0: low for noise, where every symbol
    /// is about equally likely and the ratio alone says little).
    public let posterior: Double
    /// Share of the utterance's confident speech frames that lie inside the command (low when only
    /// part of a longer, out-of-grammar utterance could be fitted to a sentence); 1 when there are none.
    public let coverage: Double

    /// Evidence from summed log scores over the command's frames.
    public init(phonemes: Int, grammarScore: Double, freeScore: Double, coverage: Double) {
        self.phonemes = phonemes
        let count = Double(max(1, phonemes))
        ratio = (grammarScore - freeScore) / count
        posterior = grammarScore / count
        self.coverage = coverage
    }
}

/// Confidence of a command = logistic(`scale` × (ratio + `posteriorWeight` × posterior)
/// + `coverageWeight` × (coverage − 1) + `offset`) over its `ConfidenceEvidence`: a logistic
/// regression fitted by `training.calibrate` on held-out synthetic speech, in and out of grammar.
public struct ConfidenceCalibration: Codable, Sendable, Equatable {
    /// Slope applied to the per-phoneme scores.
    public var scale: Double
    /// Logit of a command that fits the grammar perfectly.
    public var offset: Double
    /// Weight of the grammar path's own posterior beside the likelihood ratio.
    public var posteriorWeight: Double
    /// Logit lost when none of the utterance's speech lies inside the command.
    public var coverageWeight: Double

    /// Creates a calibration; the defaults are `training.calibrate`'s fit for the shipped model.
    public init(scale: Double = 2.628, offset: Double = 5.631, posteriorWeight: Double = 0.366,
                coverageWeight: Double = 3.408) {
        self.scale = scale
        self.offset = offset
        self.posteriorWeight = posteriorWeight
        self.coverageWeight = coverageWeight
    }

    /// JSON keys as `training.calibrate` and `<model>.decoder.json` write them.
    enum CodingKeys: String, CodingKey {
        case scale, offset
        case posteriorWeight = "posterior_weight"
        case coverageWeight = "coverage_weight"
    }

    /// The confidence (0–1) for `evidence`.
    public func confidence(_ evidence: ConfidenceEvidence) -> Double {
        let z = scale * (evidence.ratio + posteriorWeight * evidence.posterior)
            + coverageWeight * (evidence.coverage - 1) + offset
        return 1 / (1 + Foundation.exp(-z))
    }
}
