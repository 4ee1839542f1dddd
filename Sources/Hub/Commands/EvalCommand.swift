import ArgumentParser
import ASR
import Audio
import Foundation
import Home

/// `hub eval DIR --labels FILE`: command accuracy of the recognizer on labelled recordings.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure recognition accuracy on a folder of labelled recordings.",
        discussion: """
            Labels are JSON: {"file.wav": {"intent": "HassTurnOn", "slots": {"area": "kitchen"}}, …}, file names
            relative to DIR. A result is correct when the intent is equal and every labelled slot is equal;
            "intent": null labels speech or noise that must be rejected.
            With --noise, each recording is first mixed with an excerpt of a noise file from DIR at --snr dB
            (the same excerpt for the same file name on every run); each error then names its noise file, and
            the summary counts recordings and errors per noise file.
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var grammar: GrammarOptions
    @OptionGroup var speech: SpeechOptions
    @Option(help: "The labels JSON file.") var labels: String
    @Option(help: ArgumentHelp("Mix background noise from this folder into every recording.", valueName: "dir"))
    var noise: String?
    @Option(help: "Signal-to-noise ratio for --noise, in dB.") var snr: Double = 10
    @Argument(help: "The folder holding the recordings.") var folder: String

    func validate() throws {
        guard (-10...60).contains(snr) else { throw ValidationError("--snr \(snr) dB is outside -10…60") }
    }

    func run() async throws {
        let expected = try Self.loadLabels(labels)
        let recognizer = try speech.recognizer(grammar: grammar.load(), store: options.openStore())
        let mixer = try noise.map { try NoiseMixer(folder: $0, snr: snr) }
        var summary = EvalSummary()
        for (file, label) in expected.sorted(by: { $0.key < $1.key }) {
            var recording = try AudioFile.recording(path: folder + "/" + file)
            var noiseName: String?
            if let mixer {  // full-band noise makes the recording full band
                let mixture = mixer.mix(recording.samples, key: file)
                recording = Recording(samples: mixture.samples)
                noiseName = mixture.noise
            }
            let report = try RecognizeCommand.recognize(recording, file: folder + "/" + file, with: recognizer)
            summary.add(file: file, label: label, report: report, noise: noiseName)
        }
        try Output.emit(summary, json: options.json) { $0.text }
    }

    static func loadLabels(_ path: String) throws -> [String: Label] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read labels file '\(path)'")
        }
        do {
            return try JSONDecoder().decode([String: Label].self, from: data)
        } catch {
            throw ValidationError("labels file '\(path)' is not {\"file\": {\"intent\": …, \"slots\": {…}}}: \(error)")
        }
    }

    /// What one recording should be recognized as.
    struct Label: Decodable {
        let intent: String?
        let slots: [String: SlotValue]?
    }
}

/// Accuracy, rejections, confusions and real-time factor of one evaluation.
struct EvalSummary: Encodable {
    struct Miss: Encodable {
        let file: String
        let expected: String?
        let got: String?
        let text: String?
        let confidence: Double
        /// The noise file mixed in (`--noise`).
        let noise: String?
    }

    /// Recordings and errors among those mixed with one noise file.
    struct NoiseTally: Encodable {
        var n = 0
        var errors = 0
    }

    private(set) var n = 0
    private(set) var correct = 0
    private(set) var rejected = 0
    private(set) var errors: [Miss] = []
    private(set) var noises: [String: NoiseTally] = [:]
    private var audioSeconds = 0.0
    private var milliseconds = 0.0

    var accuracy: Double { n == 0 ? 0 : Double(correct) / Double(n) }
    var rtf: Double { audioSeconds == 0 ? 0 : milliseconds / 1000 / audioSeconds }

    mutating func add(file: String, label: EvalCommand.Label, report: RecognitionReport, noise: String? = nil) {
        n += 1
        if let noise { noises[noise, default: NoiseTally()].n += 1 }
        audioSeconds += report.audioSeconds
        milliseconds += report.milliseconds
        if report.intent == nil { rejected += 1 }
        let slotsMatch = (label.slots ?? [:]).allSatisfy { report.slots[$0.key].map(String.init(describing:)) == String(describing: $0.value) }
        if report.intent == label.intent && (label.intent == nil || slotsMatch) {
            correct += 1
        } else {
            errors.append(Miss(
                file: file, expected: Self.describe(label.intent, label.slots ?? [:]),
                got: report.intent.map { Self.describe($0, report.slots) } ?? nil,
                text: report.text, confidence: report.confidence, noise: noise))
            if let noise { noises[noise, default: NoiseTally()].errors += 1 }
        }
    }

    private static func describe(_ intent: String?, _ slots: [String: SlotValue]) -> String? {
        intent.map { RecognitionReport.describe($0, slots) }
    }

    /// The report for people: totals, then each confusion.
    var text: String {
        var lines = [String(format: "accuracy %.1f %% (%d of %d), rejected %d, rtf %.4f", accuracy * 100, correct, n, rejected, rtf)]
        let confusions = Dictionary(grouping: errors) { "\($0.expected ?? "(reject)") → \($0.got ?? "(rejected)")" }
        for (pair, misses) in confusions.sorted(by: { $0.value.count > $1.value.count }) {
            lines.append(String(format: "%4d × %@", misses.count, pair))
        }
        for (name, tally) in noises.sorted(by: { $0.key < $1.key }) {
            lines.append(String(format: "noise %@: %d errors in %d", name, tally.errors, tally.n))
        }
        return lines.joined(separator: "\n")
    }

    enum CodingKeys: String, CodingKey { case accuracy, n, rejected, rtf, errors, noises }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accuracy, forKey: .accuracy)
        try container.encode(n, forKey: .n)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(rtf, forKey: .rtf)
        try container.encode(errors, forKey: .errors)
        if !noises.isEmpty { try container.encode(noises, forKey: .noises) }
    }
}
