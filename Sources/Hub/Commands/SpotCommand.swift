import ArgumentParser
import ASR
import Audio
import Foundation

/// `hub spot FILE… --phrase TEXT`: where a wake phrase is heard in audio files, for evaluation.
struct SpotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spot",
        abstract: "Print where a wake phrase is heard in each audio file.",
        discussion: """
            The phrase is any text: its phonemes (espeak-ng) are scored against a free phoneme loop on the \
            acoustic model's posteriors; no training. With --json, one object per file per line: \
            {"file":…,"detections":[{"start_s":…,"end_s":…,"score":…}]}.
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var wake: WakeOptions
    @Option(help: "The wake phrase, e.g. \"hey jarvis\".") var phrase: String
    @Option(help: ArgumentHelp("The acoustic model file (default: hub-am-v17.bin in $HUB_MODELS, ./models or the source tree).", valueName: "path"))
    var model: String?
    @Argument(help: "Audio files.") var files: [String]

    /// One line of `--json` output.
    struct Report: Encodable {
        struct Hit: Encodable {
            let start_s: Double
            let end_s: Double
            let score: Double
        }
        let file: String
        let detections: [Hit]
    }

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one audio file") }
    }

    func run() throws {
        let spotter = try wake.spotter(phrase: phrase, modelPath: model)
        var failures = 0
        for file in files {
            do {
                let found = spotter.detections(in: try AudioFile.read(path: file))
                let report = Report(file: file, detections: found.map {
                    .init(start_s: rounded($0.start), end_s: rounded($0.end), score: rounded($0.score))
                })
                try Output.emit(report, json: options.json) { report in
                    guard !report.detections.isEmpty else { return "\(file): not heard" }
                    return report.detections.map {
                        "\(file): \(String(format: "%.2f–%.2f s", $0.start_s, $0.end_s)) score \(String(format: "%.3f", $0.score))"
                    }.joined(separator: "\n")
                }
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode.failure }
    }

    private func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
