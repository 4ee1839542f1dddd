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
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<Int(seconds * Double(AudioFormat.sampleRate))).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Float(state >> 40) / Float(1 << 24) - 0.5) * 2 * amplitude
        }
    }
}
