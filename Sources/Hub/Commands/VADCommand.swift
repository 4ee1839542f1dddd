import ArgumentParser
import Audio

/// `hub vad FILE`: the speech segments the voice activity detector finds in an audio file.
struct VADCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vad",
        abstract: "Print the speech segments found in an audio file (WAV, FLAC, OGG, raw 16 kHz s16le, …)."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The audio file to analyse.") var file: String
    @Option(name: .customLong("trailing-silence-ms"), help: "Silence that ends an utterance, in milliseconds.")
    var trailingSilenceMs = VADConfiguration().trailingSilenceMs
    @Option(name: .customLong("max-utterance-s"), help: "Longest utterance before it is cut, in seconds.")
    var maxUtteranceS = VADConfiguration().maximumUtteranceSeconds

    /// The `--json` document.
    struct Report: Encodable {
        struct Segment: Encodable {
            let start_s: Double
            let end_s: Double
        }
        let file: String
        let segments: [Segment]
    }

    func validate() throws {
        guard trailingSilenceMs > 0 else { throw ValidationError("--trailing-silence-ms must be positive, got \(trailingSilenceMs)") }
        guard maxUtteranceS > 0 else { throw ValidationError("--max-utterance-s must be positive, got \(maxUtteranceS)") }
    }

    func run() throws {
        var config = VADConfiguration()
        config.trailingSilenceMs = trailingSilenceMs
        config.maximumUtteranceSeconds = maxUtteranceS
        var detector = try VoiceActivityDetector(config: config)
        let source = try AudioFileSource(path: file)
        var segments: [SpeechSegment] = []
        func collect(_ events: [VADEvent]) {
            for case let .speechEnded(segment) in events { segments.append(segment) }
        }
        while let chunk = try source.read() { collect(detector.process(chunk)) }
        collect(detector.flush())

        let report = Report(file: file, segments: segments.map { .init(start_s: $0.start, end_s: $0.end) })
        try Output.emit(report, json: options.json) { report in
            guard !report.segments.isEmpty else { return "\(report.file): no speech" }
            return report.segments.map {
                "\(seconds($0.start_s))  \(seconds($0.end_s))  (\(seconds($0.end_s - $0.start_s)) s)"
            }.joined(separator: "\n")
        }
    }

    private func seconds(_ value: Double) -> String {
        let milliseconds = Int((value * 1_000).rounded())
        let fraction = String(milliseconds % 1_000)
        return "\(milliseconds / 1_000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
