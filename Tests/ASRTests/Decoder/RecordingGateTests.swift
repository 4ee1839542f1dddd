import Audio
import Foundation
import Testing
@testable import ASR

/// Voice activity picks the spans of a long recording to decode.
@Suite struct RecordingGateTests {
    static let rate = AudioFormat.sampleRate

    /// Quiet background noise with voiced bursts (a 150 Hz harmonic series) at the given seconds.
    static func recording(seconds: Double, bursts: [(start: Double, end: Double)]) -> [Float] {
        var random = SplitMix64(seed: 11)
        var samples = (0..<Int(seconds * Double(rate))).map { _ in Float.random(in: -0.002...0.002, using: &random) }
        for burst in bursts {
            for i in Int(burst.start * Double(rate))..<Int(burst.end * Double(rate)) {
                let t = Double(i) / Double(rate)
                samples[i] += Float((1...8).reduce(0.0) { $0 + 0.05 * sin(2 * .pi * 150 * Double($1) * t) / Double($1) })
            }
        }
        return samples
    }

    static func seconds(_ range: Range<Int>) -> ClosedRange<Double> {
        Double(range.lowerBound) / Double(rate)...Double(range.upperBound) / Double(rate)
    }

    @Test func shortRecordingsAreDecodedWhole() throws {
        let samples = Self.recording(seconds: 3, bursts: [(1, 2)])
        #expect(try RecordingGate().spans(in: samples) == [samples.indices])
    }

    @Test func closeSegmentsJoinAndDistantOnesStandAlone() throws {
        let samples = Self.recording(seconds: 12, bursts: [(3, 3.8), (4.3, 5), (9, 9.6)])
        let spans = try RecordingGate().spans(in: samples).map(Self.seconds)
        #expect(spans.count == 2, "\(spans)")
        #expect(abs(spans[0].lowerBound - 2.6) < 0.1 && abs(spans[0].upperBound - 5.4) < 0.1, "\(spans)")
        #expect(abs(spans[1].lowerBound - 8.6) < 0.1 && abs(spans[1].upperBound - 10.0) < 0.1, "\(spans)")
    }

    @Test func speechAtTheVeryStartKeepsTheStart() throws {
        let samples = Self.recording(seconds: 8, bursts: [(0.5, 1.5)])
        let spans = try RecordingGate().spans(in: samples)
        #expect(spans.first?.lowerBound == 0)
    }

    @Test func withoutSpeechOnlyTheBeginningIsDecoded() throws {
        let samples = Self.recording(seconds: 30, bursts: [])
        #expect(try RecordingGate().spans(in: samples) == [0..<4 * Self.rate])
    }
}
