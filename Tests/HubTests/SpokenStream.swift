import Audio
import Foundation
import SpeechSupport

/// Spoken test streams: words and quiet one after another, written as the hub's inputs.
enum SpokenStream {
    /// A part of a stream: words to say, or seconds of quiet.
    enum Part {
        case say(String)
        case quiet(Double)
    }

    /// The parts one after another, as 16 kHz mono samples.
    static func samples(_ parts: [Part]) throws -> [Float] {
        var samples: [Float] = []
        for (index, part) in parts.enumerated() {
            switch part {
            case .say(let text): samples += try SpeechSynthesis.say(text)
            case .quiet(let seconds): samples += SpeechSynthesis.quiet(seconds, seed: UInt64(7 + index))
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
        try AudioFile.write(samples.map { max(-1, min(1, $0)) }, sampleRate: AudioFormat.sampleRate, to: url.path)
    }
}
