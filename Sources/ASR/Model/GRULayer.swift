import CKernels

/// One int8 GRU layer (gate rows r, z, n as in PyTorch), §4.4 of `docs/model-format.md`.
struct GRULayer: Sendable {
    let input: QuantizedLinear
    let recurrent: QuantizedLinear

    var hidden: Int { recurrent.columns }

    /// Advances `state` by each of `inputs` in turn and returns the state after each; the input
    /// projections of all of them come first, in one pass over their weights. `scratch` holds reusable
    /// buffers of this layer's sizes.
    func run(_ inputs: [[Float]], state: inout [Float], scratch: inout Scratch) -> [[Float]] {
        var states: [[Float]] = []
        states.reserveCapacity(inputs.count)
        for gi in input.apply(inputs) {
            recurrent.apply(state, quantized: &scratch.stateQ, accumulators: &scratch.accumulators, into: &scratch.gh)
            hub_gru_gates(gi, scratch.gh, &state, Int32(hidden))
            states.append(state)
        }
        return states
    }

    /// Buffers a recurrent step needs, allocated once per stream.
    struct Scratch {
        var stateQ: [Int8], accumulators: [Int32], gh: [Float]

        init(for layer: GRULayer) {
            stateQ = Array(repeating: 0, count: layer.hidden)
            accumulators = Array(repeating: 0, count: layer.recurrent.rows)
            gh = Array(repeating: 0, count: layer.recurrent.rows)
        }
    }
}
