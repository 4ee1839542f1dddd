import Audio
import Foundation

/// Spoken test streams synthesized with the `espeak-ng` program (the held-out voice of `make demo`).
enum SpokenStream {
    static let voice = "en-gb+m3"

    /// A part of a stream: words to say, or seconds of quiet.
    enum Part {
        case say(String)
        case quiet(Double)
    }

    /// The parts one after another, as 16 kHz mono samples.
    static func samples(_ parts: [Part], folder: URL) throws -> [Float] {
        var samples: [Float] = []
        var noise: UInt64 = 7
        for (index, part) in parts.enumerated() {
            switch part {
            case .say(let text):
                let wav = folder.appendingPathComponent("part\(index).wav").path
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["espeak-ng", "-v", voice, "-w", wav, text]
                try process.run()
                process.waitUntilExit()
                samples += try AudioFile.read(path: wav)
            case .quiet(let seconds):
                // Faint noise: a room is never digitally silent, and the VAD learns its floor from it.
                samples += (0..<Int(seconds * 16_000)).map { _ in
                    noise = noise &* 6364136223846793005 &+ 1442695040888963407
                    return Float(Int64(bitPattern: noise >> 11) % 1000) / 1000 * 0.002
                }
            }
        }
        return samples
    }

    /// Writes samples as raw 16 kHz mono s16le (what an ALSA `file` PCM plays into a capture).
    static func writeRaw(_ samples: [Float], to url: URL) throws {
        let values = samples.map { Int16(max(-1, min(1, $0)) * 32_767) }
        try values.withUnsafeBytes { try Data($0).write(to: url) }
    }

    /// Writes samples as a 16 kHz mono 16-bit WAV file.
    static func writeWAV(_ samples: [Float], to url: URL) throws {
        try AudioFile.write(samples.map { max(-1, min(1, $0)) }, sampleRate: 16_000, to: url.path)
    }
}
