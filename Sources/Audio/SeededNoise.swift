/// Deterministic white noise from a 64-bit linear congruential generator (Knuth's MMIX constants):
/// the same samples on every run, for synthetic signals and the recognizer's lead-in.
public struct SeededNoise: Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64 = 0x9E37_79B9_7F4A_7C15) {
        state = seed
    }

    /// The next sample, uniform in [−0.5, 0.5) with 24-bit resolution.
    public mutating func next() -> Float {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(state >> 40) / Float(1 << 24) - 0.5
    }
}
