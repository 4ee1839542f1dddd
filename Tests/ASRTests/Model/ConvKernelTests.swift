import Audio
import CKernels
import Testing

/// The dispatched float convolution row (AVX2 + FMA where the CPU has it) against the portable loop:
/// rows of 1 and 2 bins are all edges, 9 bins hold blocks of interior bins and a remainder; other
/// shapes than the first layer's take the loop; rows of 2 bins without the activation.
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
        let activated: Int32 = bins == 2 ? 0 : 1  // the activation after all layers but the last
        hub_f32_conv_row(constant, Int32(kt), Int32(kf), Int32(bins), Int32(inputs), Int32(outputs), weights, bias, activated, &fast)
        hub_f32_conv_row_ref(constant, Int32(kt), Int32(kf), Int32(bins), Int32(inputs), Int32(outputs), weights, bias, activated,
                             &reference)
        let worst = zip(fast, reference).map { abs($0 - $1) / max(abs($1), 1) }.max() ?? .infinity
        #expect(worst <= 1e-5, "max relative Δ \(worst) via \(String(cString: hub_f32_conv_impl()))")
    }
}

/// The dispatched int16 convolution row and row quantizer (AVX2 where the CPU has it) against their
/// portable loops, bit for bit (exact int32 sums, the same float steps after them), and the
/// quantized row against the float kernel within int16 rounding; rows of 2 bins without the activation.
@Suite struct Int16ConvKernelTests {
    @Test(arguments: [(1, 3, 24, 24), (3, 1, 24, 48), (1, 3, 48, 72), (3, 1, 72, 72), (1, 3, 72, 96), (3, 1, 96, 96),
                      (1, 3, 6, 10)], [1, 2, 9])
    func rowEqualsReference(shape: (kt: Int, kf: Int, inputs: Int, outputs: Int), bins: Int) {
        let (kt, kf, inputs, outputs) = shape
        let activated = bins != 2  // the activation after all layers but the last
        var generator = SplitMix64(seed: UInt64(kt * 1000 + inputs * 10 + outputs + bins))
        func uniform() -> Float { Float(generator.next() % 20_001) / 10_000 - 1 }
        let rows = (0..<kt).map { _ in (0..<bins * inputs).map { _ in 3 * uniform() } }
        let values = (0..<kt * kf * inputs * outputs).map { _ in Int8(truncatingIfNeeded: Int(generator.next() % 255) - 127) }
        let scales = (0..<outputs).map { _ in 0.01 + uniform() / 200 }
        let bias = (0..<outputs).map { _ in uniform() }
        // Float [kt][kf][cin][cout] and int16 pairs [kt][kf][cin/2][cout][2] of the same weights.
        var floats = [Float](repeating: 0, count: values.count)
        var pairs = [Int16](repeating: 0, count: values.count)
        for tap in 0..<kt * kf {
            for i in 0..<inputs {
                for c in 0..<outputs {
                    let value = values[(tap * inputs + i) * outputs + c]
                    floats[(tap * inputs + i) * outputs + c] = Float(value) * scales[c]
                    pairs[((tap * inputs / 2 + i / 2) * outputs + c) * 2 + i % 2] = Int16(value)
                }
            }
        }
        var quantized: [[Int16]] = []
        var rowScales: [Float] = []
        for row in rows {
            var fast = [Int16](repeating: 0, count: row.count)
            var reference = [Int16](repeating: 0, count: row.count)
            let scale = hub_i16_quantize_row(row, Int32(row.count), &fast)
            #expect(scale == hub_i16_quantize_row_ref(row, Int32(row.count), &reference))
            #expect(fast == reference)
            quantized.append(fast)
            rowScales.append(scale)
        }
        var fast = [Float](repeating: 0, count: bins * outputs)
        var reference = [Float](repeating: .nan, count: bins * outputs)
        var float = [Float](repeating: .nan, count: bins * outputs)
        withRows(quantized) { rows in
            hub_i16_conv_row(rows, rowScales, Int32(kt), Int32(kf), Int32(bins), Int32(inputs), Int32(outputs), pairs, scales, bias,
                             activated ? 1 : 0, &fast)
            hub_i16_conv_row_ref(rows, rowScales, Int32(kt), Int32(kf), Int32(bins), Int32(inputs), Int32(outputs), pairs, scales,
                                 bias, activated ? 1 : 0, &reference)
        }
        withRows(rows) { rows in
            hub_f32_conv_row_ref(rows, Int32(kt), Int32(kf), Int32(bins), Int32(inputs), Int32(outputs), floats, bias,
                                 activated ? 1 : 0, &float)
        }
        #expect(fast == reference, "via \(String(cString: hub_i16_conv_impl()))")
        let scale = float.map(abs).max() ?? 1
        let worst = zip(fast, float).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst / scale <= 1e-4, "max |Δ| \(worst) of \(scale) against the float kernel")
    }

    @Test func zeroRowHasScaleOne() {
        var quantized = [Int16](repeating: 7, count: 40)
        #expect(hub_i16_quantize_row([Float](repeating: 0, count: 40), 40, &quantized) == 1)
        #expect(quantized.allSatisfy { $0 == 0 })
    }

    /// Calls `body` with C pointers to the rows.
    private func withRows<Element, R>(_ rows: [[Element]], _ body: ([UnsafePointer<Element>?]) -> R) -> R {
        let pointers = rows.map { row -> UnsafeMutablePointer<Element> in
            let pointer = UnsafeMutablePointer<Element>.allocate(capacity: row.count)
            pointer.initialize(from: row, count: row.count)
            return pointer
        }
        defer { pointers.forEach { $0.deallocate() } }
        return body(pointers.map { Optional(UnsafePointer($0)) })
    }
}
