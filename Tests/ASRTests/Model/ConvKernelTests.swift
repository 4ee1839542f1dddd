import Audio
import CKernels
import Testing

/// The dispatched float convolution row (AVX2 + FMA, or AVX-512VL, where the CPU has it) against the
/// portable loop: rows of 1 and 2 bins are all edges, 9 bins hold blocks of interior bins and a remainder.
@Suite struct ConvKernelTests {
    @Test(arguments: [(3, 3, 1, 24), (1, 3, 24, 24), (3, 1, 24, 48), (1, 3, 48, 72), (1, 3, 72, 96), (3, 1, 96, 96),
                      (1, 3, 5, 7)], [1, 2, 9])
    func rowEqualsReference(shape: (kt: Int, kf: Int, inputs: Int, outputs: Int), bins: Int) {
        let (kt, kf, inputs, outputs) = shape
        var generator = SplitMix64(seed: UInt64(kt * 1000 + inputs * 10 + outputs + bins))
        func uniform() -> Float { Float(generator.next() % 20_001) / 10_000 - 1 }
        let rows = (0..<kt).map { _ in (0..<bins * inputs).map { _ in uniform() } }
        let weights = (0..<kt * kf * inputs * outputs).map { _ in uniform() }
        let bias = (0..<outputs).map { _ in uniform() }
        var fast = [Float](repeating: 0, count: bins * outputs)
        var reference = [Float](repeating: .nan, count: bins * outputs)
        let pointers = rows.map { row -> UnsafeMutablePointer<Float> in
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: row.count)
            pointer.initialize(from: row, count: row.count)
            return pointer
        }
        defer { pointers.forEach { $0.deallocate() } }
        let constant = pointers.map { Optional(UnsafePointer($0)) }
        hub_f32_conv_row(constant, Int32(kt), Int32(kf), Int32(bins), Int32(inputs), Int32(outputs), weights, bias, &fast)
        hub_f32_conv_row_ref(constant, Int32(kt), Int32(kf), Int32(bins), Int32(inputs), Int32(outputs), weights, bias, &reference)
        let worst = zip(fast, reference).map { abs($0 - $1) / max(abs($1), 1) }.max() ?? .infinity
        #expect(worst <= 1e-5, "max relative Δ \(worst) via \(String(cString: hub_f32_conv_impl()))")
    }
}
