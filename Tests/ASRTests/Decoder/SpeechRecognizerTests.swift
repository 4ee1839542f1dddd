import Audio
import Foundation
import Testing
@testable import ASR

/// The whole pipeline with the tiny random model: its logits are noise, so only shapes are checked.
/// A small switch grammar is searched exhaustively (huge beam) so that some sentence always
/// completes; with the default beam, near-flat posteriors may legitimately end with none.
@Suite struct SpeechRecognizerTests {
    static let audio = TestPaths.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data/reference-audio/goforward.raw").path

    static func recognizer() throws -> SpeechRecognizer {
        let model = try AcousticModel(contentsOf: TestPaths.fixtures.appendingPathComponent("models/tiny.bin").path)
        let grammar = try Grammar(yaml: """
            language: en
            intents:
              HassTurnOn:
                data: [{sentences: ["turn on [the] {name}", "{name} on"]}]
              HassTurnOff:
                data: [{sentences: ["turn off [the] {name}", "{name} off"]}]
            """, file: "switch.yaml")
        return try SpeechRecognizer(model: model, grammar: grammar, pronouncer: DecoderFixtures.pronouncer(),
                                    lists: DecoderFixtures.home(devices: 10, rooms: 4),
                                    options: DecoderOptions(beam: 1e6, maxActive: Int.max, threshold: 0))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: audio)))
    func tinyModelRunsOnRealAudio() throws {
        let recognizer = try Self.recognizer()
        let samples = Array(try AudioFile.read(path: Self.audio, raw: RawPCMFormat()).prefix(48_000))
        let result = try #require(recognizer.recognize(samples: samples))
        let seconds = Double(samples.count) / 16_000
        #expect(!result.text.isEmpty)
        #expect((0...1).contains(result.confidence))
        #expect(0 <= result.start && result.start < result.end && result.end <= seconds + recognizer.model.stepSeconds)
        #expect(recognizer.decoder.graph.blocks.contains { $0.intent == result.intent.intent })
    }

    @Test(arguments: [16_000, 8_000])
    func streamingMatchesWholeAudio(sourceRate: Int) throws {
        let recognizer = try Self.recognizer()
        var random = SplitMix64(seed: 3)
        let samples = (0..<20_000).map { index in
            0.3 * Float(sin(Double(index) * 0.05)) + Float.random(in: -0.05...0.05, using: &random)
        }
        let whole = try #require(recognizer.recognize(samples: samples, sourceRate: sourceRate))
        var stream = recognizer.makeStream(sourceRate: sourceRate)
        for start in stride(from: 0, to: samples.count, by: 1_280) {
            stream.process(Array(samples[start..<min(start + 1_280, samples.count)]))
        }
        let finished = stream.finish()
        let chunked = try #require(finished)
        #expect(chunked.text == whole.text)
        #expect(chunked.confidence == whole.confidence)
        #expect(chunked.end == whole.end)
    }

    /// A recording with a quiet start of its own is decoded from a fresh state, one cut tight after room tone.
    @Test func roomToneLeadsOnlyARecordingThatStartsWithSpeech() throws {
        let recognizer = try Self.recognizer()
        let speech = (0..<12_000).map { 0.3 * Float(sin(Double($0) * 0.05)) }
        func streamed(_ samples: [Float], leadIn: Bool) -> RecognitionResult? {
            var stream = recognizer.makeStream(leadIn: leadIn)
            stream.process(samples)
            return stream.finish()
        }
        let quietStart = [Float](repeating: 0, count: 8_000) + speech
        #expect(streamed(quietStart, leadIn: false)?.evidence != streamed(quietStart, leadIn: true)?.evidence,
                "the lead-in changes the evidence, so the check below can fail")
        #expect(recognizer.recognize(samples: quietStart)?.evidence == streamed(quietStart, leadIn: false)?.evidence)
        #expect(recognizer.recognize(samples: speech)?.evidence == streamed(speech, leadIn: true)?.evidence)
    }
}
