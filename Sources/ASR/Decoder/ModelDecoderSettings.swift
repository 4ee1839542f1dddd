import Foundation

/// The decoder settings fitted for one acoustic model, kept beside it as `<model>.decoder.json`
/// (`hub-am-v32.bin` → `hub-am-v32.decoder.json`): blank penalty, rejection threshold and confidence
/// calibration, each optional.
///
///     {"blank_penalty": 1.5, "threshold": 0.2,
///      "calibration": {"scale": 2.6, "offset": 5.6, "posterior_weight": 0.37, "coverage_weight": 3.4}}
///
/// A model without the file gets `DecoderOptions`' defaults (the fit for hub-am-v17).
public struct ModelDecoderSettings: Codable, Sendable, Equatable {
    public var blankPenalty: Float?
    public var threshold: Double?
    public var calibration: ConfidenceCalibration?

    enum CodingKeys: String, CodingKey {
        case blankPenalty = "blank_penalty"
        case threshold, calibration
    }

    /// The settings file of the model at `modelPath`.
    public static func path(forModelAt modelPath: String) -> String {
        let url = URL(fileURLWithPath: modelPath)
        return url.deletingPathExtension().path + ".decoder.json"
    }

    /// The settings beside the model at `modelPath`, or nil when it has none.
    /// - Throws: `DecoderError.invalidOption` naming the file when it is not valid JSON of this shape.
    public static func load(forModelAt modelPath: String) throws -> ModelDecoderSettings? {
        let path = path(forModelAt: modelPath)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(ModelDecoderSettings.self, from: data)
        } catch {
            throw DecoderError.invalidOption(name: path, reason: "not a decoder settings file: \(error)")
        }
    }

    /// `options` with every setting this file gives.
    public func applied(to options: DecoderOptions) -> DecoderOptions {
        var out = options
        if let blankPenalty { out.blankPenalty = blankPenalty }
        if let threshold { out.threshold = threshold }
        if let calibration { out.calibration = calibration }
        return out
    }
}
