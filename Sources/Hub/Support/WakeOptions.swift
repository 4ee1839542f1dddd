import ArgumentParser
import ASR
import Foundation

/// How eagerly the wake phrase is spotted.
struct WakeOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Wake phrase sensitivity (0–1): higher misses less and falsely accepts more.",
        discussion: "The detection threshold on the spotter's 0–1 score is 1 − sensitivity."))
    var sensitivity: Double = 0.5

    /// The wake spotter's model when none is named: the one its sensitivity and the README's wake
    /// figures were measured with, which need not be the recognizer's default.
    static let defaultModel = "hub-am-v17.bin"

    func validate() throws {
        guard (0...1).contains(sensitivity) else { throw ValidationError("--sensitivity must be within 0…1, got \(sensitivity)") }
    }

    /// A spotter for `phrase` with the model at `modelPath` (nil: `defaultModel`); prints its warnings to stderr.
    func spotter(phrase: String, modelPath: String?) throws -> KeywordSpotter {
        let (model, pronouncer) = try SpeechOptions.acoustics(modelPath: SpeechOptions.modelPath(modelPath, default: Self.defaultModel))
        let spotter = try KeywordSpotter(
            phrase: phrase, model: model, pronouncer: pronouncer,
            threshold: KeywordSpotter.threshold(sensitivity: sensitivity))
        for warning in spotter.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        return spotter
    }
}
