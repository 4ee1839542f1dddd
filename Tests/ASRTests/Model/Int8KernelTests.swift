import Audio
import CKernels
import Testing

/// The dispatched int8 kernels (AVX2 where the CPU has it) against the scalar references.
@Suite struct Int8KernelTests {
    @Test(arguments: [1, 2, 3, 5, 7, 15, 16, 17, 31, 33, 64, 120, 257])
    func matmulEqualsReference(columns: Int) {
        var generator = SplitMix64(seed: UInt64(columns))
        for rows in [1, 3, 4, 5, 9] {
            for count in [1, 2, 5] {
                let weights = (0..<rows * columns).map { _ in Int8(truncatingIfNeeded: Int(generator.next() % 255) - 127) }
                let input = (0..<count * columns).map { _ in Int8(truncatingIfNeeded: Int(generator.next() % 255) - 127) }
                var fast = [Int32](repeating: 0, count: count * rows)
                var reference = [Int32](repeating: -1, count: count * rows)
                hub_i8_matmul(weights, input, &fast, Int32(rows), Int32(columns), Int32(count))
                hub_i8_matmul_ref(weights, input, &reference, Int32(rows), Int32(columns), Int32(count))
                #expect(fast == reference, "rows \(rows) columns \(columns) count \(count) via \(String(cString: hub_i8_impl()))")
                // Each vector of the batch alone gives its own rows.
                for t in 0..<count {
                    var single = [Int32](repeating: 0, count: rows)
                    hub_i8_matmul_ref(weights, Array(input[t * columns..<(t + 1) * columns]), &single, Int32(rows), Int32(columns), 1)
                    #expect(Array(reference[t * rows..<(t + 1) * rows]) == single)
                }
            }
        }
    }

    @Test(arguments: [1, 7, 16, 17, 96, 224, 300])
    func quantizeEqualsReference(count: Int) {
        var generator = SplitMix64(seed: UInt64(count) + 77)
        for scale in [Float(0.001), 1, 300] {
            let values = (0..<count).map { _ in scale * (Float(generator.next() % 20_001) / 10_000 - 1) }
            var fast = [Int8](repeating: 9, count: count)
            var reference = [Int8](repeating: -9, count: count)
            let fastScale = hub_i8_quantize(values, Int32(count), &fast)
            #expect(fastScale == hub_i8_quantize_ref(values, Int32(count), &reference))
            #expect(fast == reference, "count \(count) via \(String(cString: hub_i8_impl()))")
            #expect(fast.map { abs(Int($0)) }.max() == 127)
        }
        var zeros = [Int8](repeating: 5, count: count)
        #expect(hub_i8_quantize([Float](repeating: 0, count: count), Int32(count), &zeros) == 1 && zeros.allSatisfy { $0 == 0 })
    }

    /// The largest products, four rows so that the AVX2 path runs.
    @Test(arguments: [Int8(-127), 127])
    func extremesDoNotOverflow(weight: Int8) {
        let columns = 4096, rows = 4
        let weights = [Int8](repeating: weight, count: rows * columns)
        let input = [Int8](repeating: -127, count: columns)
        var acc = [Int32](repeating: 0, count: rows)
        hub_i8_matmul(weights, input, &acc, Int32(rows), Int32(columns), 1)
        #expect(acc == [Int32](repeating: Int32(weight) * -127 * Int32(columns), count: rows))
    }
}
