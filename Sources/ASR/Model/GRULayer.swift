import Foundation

/// One int8 GRU layer (gate rows r, z, n as in PyTorch), §4.4 of `docs/model-format.md`.
struct GRULayer: Sendable {
    let input: QuantizedLinear
    let recurrent: QuantizedLinear

    var hidden: Int { recurrent.columns }

    /// Advances `state` by one input vector; `scratch` holds reusable buffers of this layer's sizes.
    func step(_ x: [Float], state: inout [Float], scratch: inout Scratch) {
        input.apply(x, quantized: &scratch.inputQ, accumulators: &scratch.accumulators, into: &scratch.gi)
        recurrent.apply(state, quantized: &scratch.stateQ, accumulators: &scratch.accumulators, into: &scratch.gh)
        let h = hidden
        for i in 0..<h {
            let r = sigmoid(scratch.gi[i] + scratch.gh[i])
            let z = sigmoid(scratch.gi[h + i] + scratch.gh[h + i])
            let gated: Float = r * scratch.gh[2 * h + i]
            let n = tanh32(scratch.gi[2 * h + i] + gated)
            let keep: Float = z * state[i]
            let update: Float = (1 - z) * n
            state[i] = update + keep
        }
    }

    /// Buffers one step needs, allocated once per stream.
    struct Scratch {
        var inputQ: [Int8], stateQ: [Int8], accumulators: [Int32], gi: [Float], gh: [Float]

        init(for layer: GRULayer) {
            inputQ = Array(repeating: 0, count: layer.input.columns)
            stateQ = Array(repeating: 0, count: layer.hidden)
            accumulators = Array(repeating: 0, count: layer.input.rows)
            gi = Array(repeating: 0, count: layer.input.rows)
            gh = Array(repeating: 0, count: layer.recurrent.rows)
        }
    }
}

/// σ(a) = 1 / (1 + exp(−a)), in double, rounded to float.
@inline(__always) func sigmoid(_ a: Float) -> Float { Float(1 / (1 + exp(-Double(a)))) }

/// tanh in double, rounded to float.
@inline(__always) func tanh32(_ a: Float) -> Float { Float(tanh(Double(a))) }
