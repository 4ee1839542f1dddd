import Foundation
import Testing
@testable import Audio

@Suite struct NoiseMixerTests {
    static func tone(_ count: Int, amplitude: Float) -> [Float] {
        (0..<count).map { amplitude * sin(Float($0) * 0.05) }
    }

    static func power(_ x: [Float]) -> Double { x.reduce(0) { $0 + Double($1 * $1) } / Double(x.count) }

    @Test(arguments: [0.0, 10.0, 20.0])
    func mixesAtTheRequestedSNR(snr: Double) {
        var random = SplitMix64(seed: 7)
        let noise = (0..<16000).map { _ in Float(random.next() % 2001) / 1000 - 1 }
        let speech = Self.tone(8000, amplitude: 0.3)
        let mixer = NoiseMixer(noises: [("n", noise)], snr: snr)
        let mixed = mixer.mix(speech, key: "a.wav").samples
        let added = zip(mixed, speech).map { $0 - $1 }
        let measured = 10 * log10(Self.power(speech) / Self.power(added))
        #expect(abs(measured - snr) < 0.01, "\(measured)")
    }

    @Test func sameKeySameMixtureOtherKeyOtherExcerpt() {
        var random = SplitMix64(seed: 1)
        let noises = (0..<3).map { i in ("n\(i)", (0..<16000).map { _ in Float(random.next() % 1000) / 1000 - 0.5 }) }
        let mixer = NoiseMixer(noises: noises, snr: 10)
        let speech = Self.tone(4000, amplitude: 0.5)
        #expect(mixer.mix(speech, key: "a.wav").samples == mixer.mix(speech, key: "a.wav").samples)
        #expect(mixer.mix(speech, key: "a.wav").samples != mixer.mix(speech, key: "b.wav").samples)
        #expect(NoiseMixer(noises: noises, snr: 10, seed: 1).mix(speech, key: "a.wav").samples != mixer.mix(speech, key: "a.wav").samples)
    }

    @Test func namesTheNoiseItMixesIn() {
        let noises: [(name: String, samples: [Float])] = [
            ("up", [Float](repeating: 1, count: 16000)), ("down", [Float](repeating: -1, count: 16000)),
        ]
        let mixer = NoiseMixer(noises: noises, snr: 0)
        let speech = Self.tone(1000, amplitude: 0.5)
        var seen = Set<String>()
        for key in (0..<20).map({ "\($0).wav" }) {
            let (mixed, name) = mixer.mix(speech, key: key)
            let added = zip(mixed, speech).map { $0 - $1 }
            seen.insert(name)
            #expect(added.allSatisfy { name == "up" ? $0 > 0 : $0 < 0 }, "\(key): \(name)")
        }
        #expect(seen == ["up", "down"])
    }

    @Test func loadsTheSharedNoiseFolderAndRejectsAnEmptyOne() throws {
        let mixer = try NoiseMixer(folder: TestSupport.data("noise"), snr: 10)
        #expect(!mixer.noises.isEmpty)
        #expect(mixer.noises.allSatisfy { $0.samples.count >= AudioFormat.sampleRate })
        let empty = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: AudioError.noNoise(folder: empty.path)) { try NoiseMixer(folder: empty.path, snr: 10) }
    }
}
