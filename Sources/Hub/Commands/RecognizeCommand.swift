import ArgumentParser
import ASR
import Audio
import Foundation
import Home

/// `hub recognize FILE…`: speech in audio files → intent and slots, optionally carried out.
struct RecognizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recognize",
        abstract: "Recognize the spoken command in each audio file (WAV, FLAC, OGG, … at any rate).",
        discussion: "With --json, one object per file per line: {\"file\",\"text\",\"intent\",\"slots\",\"confidence\",\"audio_s\",\"ms\"}."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var grammar: GrammarOptions
    @OptionGroup var speech: SpeechOptions
    @Flag(help: "Also carry out each recognized command.") var execute = false
    @Flag(help: "Add each command's confidence evidence to its JSON line (for training.calibrate).")
    var evidence = false
    @Argument(help: "Audio files.") var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one audio file") }
    }

    func run() async throws {
        let store = try options.openStore()
        let recognizer = try speech.recognizer(grammar: grammar.load(), store: store)
        let plugins = PluginRegistry.standard(store: store)
        var failures = 0
        for file in files {
            do {
                var report = try Self.recognize(file, with: recognizer)
                if !evidence { report.evidence = nil }
                if execute, let match = report.match {
                    report.response = try await IntentHandler(store: store, plugins: plugins)
                        .handle(IntentRequest(match: match, text: report.text ?? "", source: .voice, confidence: report.confidence)).response
                }
                print(options.json ? try Output.jsonLine(report) : report.summary)
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
        }
        if failures > 0 { throw ExitCode.failure }
    }

    /// Reads, recognizes and times one file.
    static func recognize(_ file: String, with recognizer: SpeechRecognizer) throws -> RecognitionReport {
        try recognize(AudioFile.recording(path: file), file: file, with: recognizer)
    }

    /// Recognizes `recording` read from `file`, timing the recognition; long recordings are decoded
    /// only where voice activity is heard (`RecordingGate`).
    static func recognize(_ recording: Recording, file: String, with recognizer: SpeechRecognizer) throws -> RecognitionReport {
        let clock = ContinuousClock()
        var result: RecognitionResult?
        let elapsed = try clock.measure {
            result = try recognizer.recognize(recording: recording.samples, sourceRate: recording.sourceRate)
        }
        return RecognitionReport(
            file: file, result: result,
            audioSeconds: Double(recording.samples.count) / Double(AudioFormat.sampleRate),
            milliseconds: elapsed.milliseconds)
    }
}

/// One line of `hub recognize` output.
struct RecognitionReport: Encodable {
    var file: String
    let text: String?
    let intent: String?
    let slots: [String: SlotValue]
    let confidence: Double
    /// What the confidence was computed from; printed only with `--evidence`.
    var evidence: ConfidenceEvidence?
    let audioSeconds: Double
    let milliseconds: Double
    var response: String?
    let match: IntentMatch?

    init(file: String, result: RecognitionResult?, audioSeconds: Double, milliseconds: Double) {
        self.file = file
        text = result?.text
        intent = result?.intent.intent
        slots = result?.intent.slots ?? [:]
        confidence = result?.confidence ?? 0
        evidence = result?.evidence
        self.audioSeconds = audioSeconds
        self.milliseconds = milliseconds
        match = result?.intent
    }

    var summary: String {
        guard let intent else { return "\(file): (nothing recognized)" }
        let answer = response.map { " → \($0)" } ?? ""
        return "\(file): \"\(text ?? "")\" \(Self.describe(intent, slots)) (confidence \(String(format: "%.2f", confidence)))\(answer)"
    }

    /// `HassTurnOn area=kitchen domain=light`: an intent and its slots in key order.
    static func describe(_ intent: String, _ slots: [String: SlotValue]) -> String {
        ([intent] + slots.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
    }

    enum CodingKeys: String, CodingKey {
        case file, text, intent, slots, confidence, evidence, response
        case audioSeconds = "audio_s", milliseconds = "ms"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(text, forKey: .text)
        try container.encode(intent, forKey: .intent)
        try container.encode(slots, forKey: .slots)
        try container.encode((confidence * 1000).rounded() / 1000, forKey: .confidence)
        try container.encodeIfPresent(evidence, forKey: .evidence)
        try container.encode((audioSeconds * 1000).rounded() / 1000, forKey: .audioSeconds)
        try container.encode((milliseconds * 10).rounded() / 10, forKey: .milliseconds)
        try container.encodeIfPresent(response, forKey: .response)
    }
}

extension Duration {
    /// The duration in milliseconds.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
