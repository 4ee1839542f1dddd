import ASR
import Audio
import Foundation
import Testing
@testable import Hub

/// The command decoded from the ring at the endpoint equals the one the live stream decoded.
@Suite struct EarlyDecoderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    static let model = root.appendingPathComponent("models/\(SpeechOptions.defaultModel)").path
    static let speech = root.deletingLastPathComponent().appendingPathComponent("shared/data/reference-audio/goforward.raw").path

    @Test(.enabled(if: FileManager.default.fileExists(atPath: speech)))
    func theRingFallbackDecodesLikeTheLiveStream() throws {
        let (model, pronouncer) = try SpeechOptions.acoustics(modelPath: Self.model)
        let grammar = try Grammar(yaml: """
            language: en
            intents:
              Move:
                data: [{sentences: ["go forward ten meters", "go back ten meters"]}]
            """, file: "move.yaml")
        let recognizer = try SpeechRecognizer(model: model, grammar: grammar, pronouncer: pronouncer,
                                              options: DecoderOptions(threshold: 0))
        // Half a second of quiet first: a start that `recognize(samples:)` would decode without room tone.
        let samples = [Float](repeating: 0, count: 8_000) + (try AudioFile.read(path: Self.speech, raw: RawPCMFormat()))
        var ring = AudioRing(capacity: samples.count)
        var early = EarlyDecoder(recognizer: recognizer)
        early.start(at: 0, ring: ring)
        for start in stride(from: 0, to: samples.count, by: 1_600) {
            let chunk = Array(samples[start..<min(start + 1_600, samples.count)])
            ring.append(chunk)
            early.process(chunk)
        }
        let finished = early.finish(from: 0, ring: ring)
        let fromRing = early.finish(from: 0, ring: ring)  // the live stream is gone: decoded from the ring
        let live = try #require(finished)
        let fallback = try #require(fromRing)
        #expect(live.text == "go forward ten meters")
        #expect(fallback.evidence == live.evidence)
    }
}
