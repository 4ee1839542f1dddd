import Foundation

/// Adds background noise to speech at a chosen signal-to-noise ratio, for measuring recognition in
/// noise (`hub eval --noise DIR --snr 10`).
///
/// Reproducible: the noise file and the excerpt for a recording are drawn from a generator seeded
/// by the recording's name, so two runs (and two models) hear the same mixtures. The SNR compares
/// the mean power of the whole recording with that of the noise excerpt, as the training
/// augmentation does.
public struct NoiseMixer: Sendable {
    /// The noise recordings (16 kHz mono), at least one second each.
    public let noises: [(name: String, samples: [Float])]
    /// Speech power over noise power, in dB.
    public let snr: Double
    /// Mixed into every draw, so a different seed gives other mixtures.
    public let seed: UInt64

    /// Loads every WAV or FLAC file in `folder` that holds at least one second of non-silent audio.
    /// - Throws: `AudioError` for an unreadable file, or `.noNoise` when none is usable.
    public init(folder: String, snr: Double, seed: UInt64 = 0) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var noises: [(String, [Float])] = []
        for name in names.sorted() where [".wav", ".flac"].contains(where: name.lowercased().hasSuffix) {
            let samples = try AudioFile.read(path: folder + "/" + name)
            if samples.count >= AudioFormat.sampleRate, Self.power(samples[...]) > 1e-8 {
                noises.append((name, samples))
            }
        }
        guard !noises.isEmpty else { throw AudioError.noNoise(folder: folder) }
        self.init(noises: noises, snr: snr, seed: seed)
    }

    /// Mixes with the given noise recordings.
    public init(noises: [(name: String, samples: [Float])], snr: Double, seed: UInt64 = 0) {
        self.noises = noises
        self.snr = snr
        self.seed = seed
    }

    /// The noise recording and the sample it starts from that `mix` uses for `key`.
    private func draw(key: String) -> (noise: Int, start: Int) {
        var random = SplitMix64(seed: Self.fnv1a(key) ^ seed)
        let index = Int(random.next() % UInt64(noises.count))
        return (index, Int(random.next() % UInt64(noises[index].samples.count)))
    }

    /// `speech` with a noise excerpt added at `snr` dB, and the name of the noise recording it came
    /// from; `key` (e.g. the file name) picks the excerpt.
    public func mix(_ speech: [Float], key: String) -> (samples: [Float], noise: String) {
        let (index, start) = draw(key: key)
        let noise = noises[index].samples
        guard !speech.isEmpty else { return (speech, noises[index].name) }
        var excerpt = [Float](repeating: 0, count: speech.count)
        for i in excerpt.indices { excerpt[i] = noise[(start + i) % noise.count] }
        let gain = Float((Self.power(speech[...]) / max(Self.power(excerpt[...]), 1e-12) / pow(10, snr / 10)).squareRoot())
        return (zip(speech, excerpt).map { $0 + gain * $1 }, noises[index].name)
    }

    private static func power(_ samples: ArraySlice<Float>) -> Double {
        samples.reduce(0) { $0 + Double($1) * Double($1) } / Double(max(samples.count, 1))
    }

    private static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
