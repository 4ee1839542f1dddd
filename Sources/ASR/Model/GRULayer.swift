import CKernels

/// One int8 GRU layer (gate rows r, z, n as in PyTorch), §4.4 of `docs/model-format.md`.
struct GRULayer: Sendable {
    let input: QuantizedLinear
    let recurrent: QuantizedLinear

    var hidden: Int { recurrent.columns }

    /// Advances `state` by one input vector; `scratch` holds reusable buffers of this layer's sizes.
    func step(_ x: [Float], state: inout [Float], scratch: inout Scratch) {
        input.apply(x, quantized: &scratch.inputQ, accumulators: &scratch.accumulators, into: &scratch.gi)
        recurrent.apply(state, quantized: &scratch.stateQ, accumulators: &scratch.accumulators, into: &scratch.gh)
        hub_gru_gates(scratch.gi, scratch.gh, &state, Int32(hidden))
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
