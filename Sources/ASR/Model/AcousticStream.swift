/// Streaming inference: feed normalised front-end frames as they arrive, get phoneme logits per model step.
///
/// The GRU state and any incomplete stack of frames (or the encoder's rows) are carried between calls,
/// so the output does not depend on how the input is chunked (§4.1 of `docs/model-format.md`).
public struct AcousticStream: Sendable {
    public let model: AcousticModel
    private var pending: [[Float]] = []
    private var encoder: EmbeddingStream?
    private var states: [[Float]]
    private var scratch: [GRULayer.Scratch]
    private var outputQ: [Int8]
    private var outputAcc: [Int32]

    public init(model: AcousticModel) {
        self.model = model
        states = model.layers.map { Array(repeating: 0, count: $0.hidden) }
        scratch = model.layers.map(GRULayer.Scratch.init)
        outputQ = Array(repeating: 0, count: model.hidden)
        outputAcc = Array(repeating: 0, count: model.output.rows)
        encoder = model.encoder.map { EmbeddingStream(embedding: $0, hop: model.stride) }
    }

    /// A stream whose state is the one `frames` leave behind (their logits and any incomplete stack
    /// dropped), so that the next frame starts a fresh step as in a new stream. An encoder keeps the
    /// frames' rows: they are the context its first windows after them read, as training's padding.
    public init(model: AcousticModel, primedWith frames: [[Float]]) {
        self.init(model: model)
        _ = process(frames)
        pending.removeAll()
    }

    /// Consumes front-end frames and returns one row of logits (blank first) per completed model step.
    public mutating func process(_ frames: [[Float]]) -> [[Float]] {
        if encoder != nil {
            var logits: [[Float]] = []
            for frame in frames {
                for embedding in encoder!.push(frame) {
                    var x = embedding
                    for index in x.indices { x[index] = (x[index] - model.encoderMean[index]) * model.encoderScale[index] }
                    logits.append(step(x))
                }
            }
            return logits
        }
        pending.append(contentsOf: frames)
        var logits: [[Float]] = []
        while pending.count >= model.stack {
            logits.append(step(Array(pending[0..<model.stack].joined())))
            pending.removeFirst(min(model.stride, pending.count))
        }
        return logits
    }

    private mutating func step(_ input: [Float]) -> [Float] {
        var x = input
        for (index, layer) in model.layers.enumerated() {
            layer.step(x, state: &states[index], scratch: &scratch[index])
            x = states[index]
        }
        var logits = Array(repeating: Float(0), count: model.output.rows)
        model.output.apply(x, quantized: &outputQ, accumulators: &outputAcc, into: &logits)
        return logits
    }
}
