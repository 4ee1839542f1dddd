import Audio

/// Quiet room tone that primes a fresh acoustic stream before the first real sample.
///
/// White noise at about −65 dBFS, the level of the silence that leads every training utterance,
/// from a fixed seed so that recognition stays deterministic.
enum LeadIn {
    /// Length of the lead-in.
    static let seconds = 0.3
    /// Peak amplitude of the uniform noise (RMS ≈ 5.8e-4).
    static let amplitude: Float = 1e-3

    /// The lead-in's samples at the hub's rate.
    static func samples() -> [Float] {
        var noise = SeededNoise()
        return (0..<Int(seconds * Double(AudioFormat.sampleRate))).map { _ in noise.next() * 2 * amplitude }
    }
}
