import Audio
import Foundation
import SpeechSupport
import Testing
@testable import ASR

/// The spotter with the shipped acoustic model on speech synthesized at test time.
@Suite struct KeywordSpotterTests {
    static let model = TestPaths.packageRoot.appendingPathComponent("models/hub-am-v17.bin").path

    static func spotter(_ phrase: String, threshold: Double = KeywordSpotter.threshold(sensitivity: 0.5)) throws -> KeywordSpotter {
        try KeywordSpotter(phrase: phrase, model: AcousticModel(contentsOf: model),
                           pronouncer: PronouncerTests.pronouncer(), threshold: threshold)
    }

    /// silence, "computer", silence, a command, silence; with where the wake word lies.
    static func stream() throws -> (samples: [Float], wake: Range<Double>) {
        let wake = try SpeechSynthesis.say("computer")
        let before = SpeechSynthesis.quiet(1)
        let samples = before + wake + SpeechSynthesis.quiet(1, seed: 2)
            + (try SpeechSynthesis.say("turn on the kitchen lights")) + SpeechSynthesis.quiet(1, seed: 3)
        return (samples, Double(before.count) / 16_000 ..< Double(before.count + wake.count) / 16_000)
    }

    @Test func spotsTheSynthesizedWakeWordOnly() throws {
        let (samples, wake) = try Self.stream()
        let detections = try Self.spotter("computer").detections(in: samples)
        #expect(detections.count == 1, "\(detections)")
        let found = try #require(detections.first)
        #expect(found.start >= wake.lowerBound - 0.1 && found.end <= wake.upperBound + 0.2, "\(found) vs \(wake)")
        #expect(found.score >= 0.5 && found.score <= 1)
    }

    /// A model on the speech embedding reads 0.76 s before its first step: a recording cut tight around the
    /// phrase is heard only through the spotter's room-tone lead-in and lead-out.
    @Test func embeddingModelSpotsAPhraseCutTight() throws {
        let wake = try SpeechSynthesis.say("computer")
        let model = try AcousticModel(contentsOf: TestPaths.packageRoot.appendingPathComponent("models/hub-am-v32.bin").path)
        #expect(model.paddingSeconds != nil)
        let spotter = try KeywordSpotter(phrase: "computer", model: model, pronouncer: PronouncerTests.pronouncer(),
                                         threshold: KeywordSpotter.threshold(sensitivity: 0.5))
        let detections = spotter.detections(in: wake)
        #expect(detections.count == 1, "\(detections)")
        let found = try #require(detections.first)
        #expect(found.start >= 0 && found.end <= Double(wake.count) / 16_000 + 0.8, "\(found)")
    }

    @Test func chunkSizeDoesNotChangeDetections() throws {
        let (samples, _) = try Self.stream()
        // Threshold 0 reports a detection every few steps: every one must survive re-chunking.
        let spotter = try Self.spotter("computer", threshold: 0)
        let whole = spotter.detections(in: samples)
        #expect(whole.count > 5)
        for size in [160, 1_024, 1_280, 4_099] {
            var stream = spotter.makeStream()
            var chunked: [Detection] = []
            for start in stride(from: 0, to: samples.count, by: size) {
                chunked += stream.process(Array(samples[start..<min(start + size, samples.count)]))
            }
            chunked += stream.finish()
            #expect(chunked == whole, "chunks of \(size)")
        }
    }

    @Test(arguments: [("ok", true), ("hello", true), ("turn on", true), ("computer", false), ("hey jarvis", false)])
    func shortOrCommonPhrasesWarn(phrase: String, warns: Bool) throws {
        let spotter = try Self.spotter(phrase)
        #expect(spotter.warnings.isEmpty == !warns, "\(phrase): \(spotter.warnings)")
        for warning in spotter.warnings { #expect(warning.contains("'\(phrase)'")) }
    }

    @Test func phraseCheckNamesTheReason() {
        let short = PhraseCheck.warnings(phrase: "zed", phonemes: ["z", "E", "d"])
        #expect(short.count == 1 && short[0].contains("too short"))
        let common = PhraseCheck.warnings(phrase: "okay please", phonemes: ["oU", "k", "eI", "p", "l", "i:", "z"])
        #expect(common.count == 1 && common[0].contains("common"))
    }

    @Test func badPhraseAndThresholdAreErrors() throws {
        #expect(throws: SpottingError.emptyPhrase) { try Self.spotter("  ") }
        #expect(throws: SpottingError.badThreshold(1.5)) { try Self.spotter("computer", threshold: 1.5) }
    }
}
