import Audio
import Foundation
import Testing
@testable import ASR

/// Where speech starts in a whole recording, from its own quiet floor and loudest frame.
@Suite struct SpeechOnsetTests {
    static let rate = 16_000

    /// `seconds` of a 220 Hz vowel-like tone at `amplitude`.
    static func tone(seconds: Double, amplitude: Float = 0.3) -> [Float] {
        (0..<Int(seconds * Double(rate))).map { amplitude * Float(sin(Double($0) * 2 * Double.pi * 220 / Double(rate))) }
    }

    /// `seconds` of uniform noise at peak `amplitude`, seeded.
    static func noise(seconds: Double, amplitude: Float, seed: UInt64 = 7) -> [Float] {
        var random = SplitMix64(seed: seed)
        return (0..<Int(seconds * Double(rate))).map { _ in Float.random(in: -amplitude...amplitude, using: &random) }
    }

    @Test func speechAfterSilenceStartsWhereTheSilenceEnds() {
        let samples = Self.noise(seconds: 0.5, amplitude: 1e-4) + Self.tone(seconds: 0.6) + Self.noise(seconds: 0.3, amplitude: 1e-4)
        #expect(abs(SpeechOnset.seconds(in: samples, sampleRate: Self.rate) - 0.5) < 0.011)
    }

    /// Steady noise 25 dB below the speech is a lead-in, not speech: halfway between floor and peak.
    @Test func speechAfterBackgroundNoiseStartsWhereTheNoiseEnds() {
        let noise = Self.noise(seconds: 1.0, amplitude: 0.03)
        let speech = zip(Self.tone(seconds: 0.6), Self.noise(seconds: 0.6, amplitude: 0.03, seed: 9)).map { $0 + $1 }
        let samples = Array(noise[..<8_000]) + speech + Array(noise[8_000...])
        #expect(abs(SpeechOnset.seconds(in: samples, sampleRate: Self.rate) - 0.5) < 0.011)
    }

    @Test func aRecordingCutTightStartsAtZero() {
        let samples = Self.tone(seconds: 0.4) + Self.noise(seconds: 0.1, amplitude: 1e-4)
        #expect(SpeechOnset.seconds(in: samples, sampleRate: Self.rate) == 0)
    }

    @Test func silenceAndTinyRecordingsStartAtZero() {
        #expect(SpeechOnset.seconds(in: [], sampleRate: Self.rate) == 0)
        #expect(SpeechOnset.seconds(in: [0.1, 0.2], sampleRate: Self.rate) == 0)
        #expect(SpeechOnset.seconds(in: [Float](repeating: 0, count: 16_000), sampleRate: Self.rate) == 0)
    }
}
