import Audio

/// Quiet room tone around every utterance the recognizer decodes.
///
/// White noise at about −65 dBFS, the level of the silence that leads and trails every training
/// utterance, from a fixed seed so that recognition stays deterministic. A recording cut tight around
/// the word gets the silence the model expects on both sides.
enum RoomTone {
    /// 0.3 s that prime a fresh stream before the first real sample.
    static let leadIn = samples(seconds: 0.3)
    /// 0.15 s after the last real sample: the model emits a phoneme a few steps after hearing it.
    static let leadOut = samples(seconds: 0.15)
    /// Peak amplitude of the uniform noise (RMS ≈ 5.8e-4).
    static let amplitude: Float = 1e-3

    /// `seconds` of room tone at the hub's rate.
    private static func samples(seconds: Double) -> [Float] {
        var noise = SeededNoise()
        return (0..<Int(seconds * Double(AudioFormat.sampleRate))).map { _ in noise.next() * 2 * amplitude }
    }
}
