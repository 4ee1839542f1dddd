import Audio
import CKernels
import Foundation
import Testing

/// The dispatched GRU gates (AVX2 with its own float64 exp where the CPU has it) against the reference
/// on the C library's exp and tanh, and the reference against §4.4 written out in Swift.
@Suite struct GRUGatesKernelTests {
    /// Preactivations from tiny (the tanh series) to saturating, and odd sizes for the scalar tail.
    @Test(arguments: [0.001, 0.05, 2, 30, 800], [1, 5, 224])
    func gatesEqualReference(scale: Double, hidden: Int) {
        var generator = SplitMix64(seed: UInt64(scale * 1000) + UInt64(hidden))
        func uniform() -> Float { Float(scale * (Double(generator.next() % 2_000_001) / 1_000_000 - 1)) }
        for _ in 0..<200 {
            let gi = (0..<3 * hidden).map { _ in uniform() }
            let gh = (0..<3 * hidden).map { _ in uniform() }
            let state = (0..<hidden).map { _ in Float(generator.next() % 2001) / 1000 - 1 }
            var fast = state, reference = state
            hub_gru_gates(gi, gh, &fast, Int32(hidden))
            hub_gru_gates_ref(gi, gh, &reference, Int32(hidden))
            #expect(fast == reference, "scale \(scale) via \(String(cString: hub_gru_gates_impl()))")
            #expect(reference == Self.written(gi, gh, state), "scale \(scale)")
        }
    }

    /// §4.4 step by step: σ and tanh in double, rounded to float, float products and sums in order.
    static func written(_ gi: [Float], _ gh: [Float], _ state: [Float]) -> [Float] {
        let n = state.count
        func sigmoid(_ a: Float) -> Float { Float(1 / (1 + exp(-Double(a)))) }
        return (0..<n).map { i in
            let r = sigmoid(gi[i] + gh[i])
            let z = sigmoid(gi[n + i] + gh[n + i])
            let gated: Float = r * gh[2 * n + i]
            let candidate = Float(tanh(Double(gi[2 * n + i] + gated)))
            let keep: Float = z * state[i]
            let update: Float = (1 - z) * candidate
            return update + keep
        }
    }
}
