import CKernels
import Foundation

/// An int8 linear layer with per-row scales, computed as §4.2–4.3 of `docs/model-format.md` say.
struct QuantizedLinear: Sendable {
    let weights: [Int8]
    let rows: Int
    let columns: Int
    let scales: [Float]
    let bias: [Float]

    /// y = ((float(W·q) · scale_r) · s) + b_r with (q, s) = Q(v).
    func apply(_ input: [Float], quantized: inout [Int8], accumulators: inout [Int32], into output: inout [Float]) {
        let scale = Quantizer.quantize(input, into: &quantized)
        multiply(quantized, count: 1, into: &accumulators)
        accumulators.withUnsafeBufferPointer { acc in
            output.withUnsafeMutableBufferPointer { output in rescale(acc, inputScale: scale, into: output) }
        }
    }

    /// `apply` to each of `inputs`, with one pass over the weights for all of them (a streaming model's
    /// input projections do not wait for the recurrence, so a chunk's steps are a batch).
    func apply(_ inputs: [[Float]]) -> [[Float]] {
        let count = inputs.count
        var quantized = [Int8](repeating: 0, count: count * columns)
        let inputScales = quantized.withUnsafeMutableBufferPointer { q in
            inputs.enumerated().map { t, input in
                precondition(input.count == columns)
                return hub_i8_quantize(input, Int32(columns), q.baseAddress! + t * columns)
            }
        }
        var accumulators = [Int32](repeating: 0, count: count * rows)
        multiply(quantized, count: count, into: &accumulators)
        return accumulators.withUnsafeBufferPointer { acc in
            inputScales.enumerated().map { t, scale in
                [Float](unsafeUninitializedCapacity: rows) { output, initialized in
                    rescale(UnsafeBufferPointer(rebasing: acc[t * rows..<(t + 1) * rows]), inputScale: scale, into: output)
                    initialized = rows
                }
            }
        }
    }

    /// acc[t·rows + r] = W·q_t in int32 for the `count` quantized vectors of `quantized`.
    private func multiply(_ quantized: [Int8], count: Int, into accumulators: inout [Int32]) {
        weights.withUnsafeBufferPointer { w in
            quantized.withUnsafeBufferPointer { q in
                accumulators.withUnsafeMutableBufferPointer { acc in
                    hub_i8_matmul(w.baseAddress, q.baseAddress, acc.baseAddress, Int32(rows), Int32(columns), Int32(count))
                }
            }
        }
    }

    /// output_r = ((float(acc_r) · scale_r) · s) + b_r, one float operation at a time as §4.3 writes it.
    private func rescale(_ acc: UnsafeBufferPointer<Int32>, inputScale: Float, into output: UnsafeMutableBufferPointer<Float>) {
        scales.withUnsafeBufferPointer { scales in
            bias.withUnsafeBufferPointer { bias in
                for row in 0..<rows {
                    let product: Float = Float(acc[row]) * scales[row]
                    let rescaled: Float = product * inputScale
                    output[row] = rescaled + bias[row]
                }
            }
        }
    }
}

/// Per-vector symmetric int8 quantization (§4.2).
enum Quantizer {
    /// Writes q = clamp(rint(v · 127/m), −127, 127) and returns s = m/127, with m = max |v| (s = 1 when m = 0).
    static func quantize(_ values: [Float], into quantized: inout [Int8]) -> Float {
        hub_i8_quantize(values, Int32(values.count), &quantized)
    }
}
