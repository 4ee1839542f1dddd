import ArgumentParser
import ASR
import Audio
import Foundation

/// `hub bench`: real-time factor of each pipeline stage on this machine.
///
/// Each stage runs `--repetitions` times over the same input; the report gives the median wall time
/// and `rtf` = median processing time / audio duration (below 1 is faster than real time). Later stages
/// of the pipeline (acoustic model, decoder) join by appending a `BenchStage` to `stages`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the real-time factor of reading+resampling, MFCC, voice activity detection and acoustic models."
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "Seconds of audio to process per repetition.") var seconds = 10.0
    @Option(help: "Repetitions per stage; the median is reported.") var repetitions = 5
    @Option(name: .customLong("model"), help: ArgumentHelp(
        "An acoustic model to time (front end + model, no decoder); repeatable. Default: the default model.",
        valueName: "path"))
    var models: [String] = []

    /// The `--json` document.
    struct Report: Encodable {
        struct Stage: Encodable {
            let name: String
            let median_s: Double
            let rtf: Double
        }
        let audio_seconds: Double
        let repetitions: Int
        let stages: [Stage]
    }

    /// The pipeline stages measured, in pipeline order.
    static let stages: [BenchStage] = [
        BenchStage(name: "read+resample 44.1k stereo") { input in
            _ = try AudioFile.read(path: input.path)
        },
        BenchStage(name: "mfcc") { input in
            var mfcc = try MFCC()
            _ = mfcc.process(input.samples) + mfcc.flush()
        },
        BenchStage(name: "vad") { input in
            _ = try VoiceActivityDetector().segments(in: input.samples)
        },
    ]

    /// The model's own front end and the model over the whole input, as one stream.
    static func acousticStage(path: String) throws -> BenchStage {
        let model = try AcousticModel(contentsOf: path)
        let name = "acoustic model \(URL(fileURLWithPath: path).lastPathComponent)"
        return BenchStage(name: name) { input in
            var features = try MFCC(parameters: model.features)
            var stream = AcousticStream(model: model)
            _ = stream.process(features.process(input.samples) + features.flush())
        }
    }

    func validate() throws {
        guard seconds > 0, seconds <= 3_600 else { throw ValidationError("--seconds must be in (0, 3600], got \(seconds)") }
        guard repetitions > 0 else { throw ValidationError("--repetitions must be positive, got \(repetitions)") }
    }

    func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hub-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try BenchInput.make(seconds: seconds, in: directory)

        let modelStages = try (models.isEmpty ? [SpeechOptions.modelPath(nil)] : models).map(Self.acousticStage)
        let results = try (Self.stages + modelStages).map { stage in
            let times = try (0..<repetitions).map { _ in
                let clock = ContinuousClock()
                let elapsed = try clock.measure { try stage.run(input) }
                return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            }.sorted()
            let median = times.count % 2 == 1
                ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
            return Report.Stage(name: stage.name, median_s: median, rtf: median / input.seconds)
        }
        let report = Report(audio_seconds: input.seconds, repetitions: repetitions, stages: results)
        try Output.emit(report, json: options.json) { report in
            let width = report.stages.map(\.name.count).max() ?? 0
            let lines = report.stages.map { stage in
                let padding = String(repeating: " ", count: width - stage.name.count)
                return "\(stage.name)\(padding)  rtf \(String(format: "%.5f", stage.rtf))  median \(String(format: "%.4f", stage.median_s)) s"
            }
            return (["\(report.audio_seconds) s of audio, median of \(report.repetitions) runs"] + lines).joined(separator: "\n")
        }
    }
}

/// One named, timed step of the pipeline; `run` processes the whole `BenchInput` once.
struct BenchStage: Sendable {
    let name: String
    let run: @Sendable (BenchInput) throws -> Void
}

/// What every stage gets: a 44.1 kHz stereo WAV file and the same audio as 16 kHz mono samples.
struct BenchInput: Sendable {
    /// The 44.1 kHz stereo 16-bit WAV file.
    let path: String
    /// The file's content as `AudioFile.read` returns it.
    let samples: [Float]
    /// Duration of the audio in seconds.
    let seconds: Double

    /// Synthesises speech-like audio (a gliding harmonic voice with 4 Hz syllables over low noise),
    /// writes it as 44.1 kHz stereo WAV in `directory`, and reads it back.
    static func make(seconds: Double, in directory: URL) throws -> BenchInput {
        let rate = 44_100
        let count = Int(seconds * Double(rate))
        var interleaved = [Float](repeating: 0, count: 2 * count)
        var phase = 0.0
        var noise = SeededNoise()
        for index in 0..<count {
            let time = Double(index) / Double(rate)
            let pitch = 120 + 40 * sin(2 * Double.pi * 0.3 * time)
            phase += 2 * Double.pi * pitch / Double(rate)
            let syllable = max(0, sin(2 * Double.pi * 4 * time))
            var voice = 0.0
            for harmonic in 1...12 { voice += sin(Double(harmonic) * phase) / Double(harmonic) }
            let hiss = Double(noise.next())
            let left = Float(0.15 * syllable * voice + 0.01 * hiss)
            interleaved[2 * index] = left
            interleaved[2 * index + 1] = 0.8 * left
        }
        let path = directory.appendingPathComponent("bench-44k-stereo.wav").path
        try AudioFile.write(interleaved, sampleRate: rate, channels: 2, to: path, format: .wav16)
        return BenchInput(path: path, samples: try AudioFile.read(path: path), seconds: Double(count) / Double(rate))
    }
}
