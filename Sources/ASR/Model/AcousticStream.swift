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

    public init(model: AcousticModel) {
        self.model = model
        states = model.layers.map { Array(repeating: 0, count: $0.hidden) }
        scratch = model.layers.map(GRULayer.Scratch.init)
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
        var inputs: [[Float]] = []
        if encoder != nil {
            for frame in frames {
                for embedding in encoder!.push(frame) {
                    var x = embedding
                    for index in x.indices { x[index] = (x[index] - model.encoderMean[index]) * model.encoderScale[index] }
                    inputs.append(x)
                }
            }
        } else {
            pending.append(contentsOf: frames)
            while pending.count >= model.stack {
                inputs.append(Array(pending[0..<model.stack].joined()))
                pending.removeFirst(min(model.stride, pending.count))
            }
        }
        return run(inputs)
    }

    /// The model's steps for `inputs`, layer by layer (each layer's steps a batch, `GRULayer.run`).
    private mutating func run(_ inputs: [[Float]]) -> [[Float]] {
        guard !inputs.isEmpty else { return [] }
        var xs = inputs
        for index in model.layers.indices {
            xs = model.layers[index].run(xs, state: &states[index], scratch: &scratch[index])
        }
        return model.output.apply(xs)
    }
}
