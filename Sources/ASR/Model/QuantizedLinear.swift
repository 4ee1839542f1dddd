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
        weights.withUnsafeBufferPointer { w in
            quantized.withUnsafeBufferPointer { q in
                accumulators.withUnsafeMutableBufferPointer { acc in
                    hub_i8_matvec(w.baseAddress, q.baseAddress, acc.baseAddress, Int32(rows), Int32(columns))
                }
            }
        }
        accumulators.withUnsafeBufferPointer { acc in
            scales.withUnsafeBufferPointer { scales in
                bias.withUnsafeBufferPointer { bias in
                    output.withUnsafeMutableBufferPointer { output in
                        for row in 0..<rows {
                            let product: Float = Float(acc[row]) * scales[row]
                            let rescaled: Float = product * scale
                            output[row] = rescaled + bias[row]
                        }
                    }
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
