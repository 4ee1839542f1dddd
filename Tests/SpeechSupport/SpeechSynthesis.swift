import Audio
import Foundation

/// Speech synthesized at test time with the `espeak-ng` program (the held-out voice of `make demo`).
public enum SpeechSynthesis {
    /// The espeak-ng voice: never used to train the acoustic model.
    public static let voice = "en-gb+m3"

    /// `text` spoken by espeak-ng, as 16 kHz mono samples.
    public static func say(_ text: String) throws -> [Float] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hub-tts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let wav = folder.appendingPathComponent("speech.wav").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["espeak-ng", "-v", voice, "-w", wav, text]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "espeak-ng failed for '\(text)'"])
        }
        return try AudioFile.read(path: wav)
    }

    /// `seconds` of quiet noise (a real room is never digitally silent, and a VAD learns its floor from it).
    public static func quiet(_ seconds: Double, seed: UInt64 = 1) -> [Float] {
        var state = seed
        return (0..<Int(seconds * Double(AudioFormat.sampleRate))).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 1000) / 1000 * 0.002
        }
    }
}
