import CKernels

/// Google's speech embedding (Lin et al. 2020, `google/speech_embedding`, Apache-2.0): 20 convolutions
/// pre-trained on real speech that turn each window of 76 log-mel frames into 96 values, the encoder of
/// a format-2 model (`docs/model-format.md` §4.6, `training/speech_embedding.py`).
///
/// Layers alternate 1×3 convolutions over frequency (zero-padded) and 3×1 convolutions over time
/// (unpadded, the first is 3×3); every layer but the last is followed by LeakyReLU(0.2) and
/// max(·, −0.4); max pools follow layers 2, 6, 10, 14 and 18.
struct SpeechEmbedding: Sendable {
    /// One convolution and the weights its kernel reads.
    struct Layer: Sendable {
        let time: Int, frequency: Int, inputs: Int, outputs: Int
        let weights: Weights
        let bias: [Float]
        /// The max pool after the layer: (time, frequency), or nil.
        let pool: (time: Int, frequency: Int)?
        let activated: Bool
    }

    /// A layer's weights in its kernel's layout.
    enum Weights: Sendable {
        /// Float `[kt][kf][cin][cout]` for `hub_f32_conv_row`: layer 0, whose one input channel and
        /// float weights leave nothing to pair.
        case float([Float])
        /// The file's int8 values widened to int16 in pairs of input channels,
        /// `[kt][kf][cin/2][cout][2]`, and the scale of each output channel, for `hub_i16_conv_row`.
        case int16([Int16], scales: [Float])
    }

    static let bands = 32
    static let context = 76
    static let dimension = 96
    /// Frames between the windows of consecutive outputs of one fully convolutional pass.
    static let networkStride = 8
    /// Kernel (time, frequency) and channels (in, out) of each layer, and the pool after it.
    static let geometry: [(kernel: (Int, Int), channels: (Int, Int), pool: (Int, Int)?)] = [
        ((3, 3), (1, 24), nil), ((1, 3), (24, 24), nil), ((3, 1), (24, 24), (2, 2)),
        ((1, 3), (24, 48), nil), ((3, 1), (48, 48), nil), ((1, 3), (48, 48), nil), ((3, 1), (48, 48), (1, 2)),
        ((1, 3), (48, 72), nil), ((3, 1), (72, 72), nil), ((1, 3), (72, 72), nil), ((3, 1), (72, 72), (2, 2)),
        ((1, 3), (72, 96), nil), ((3, 1), (96, 96), nil), ((1, 3), (96, 96), nil), ((3, 1), (96, 96), (1, 2)),
        ((1, 3), (96, 96), nil), ((3, 1), (96, 96), nil), ((1, 3), (96, 96), nil), ((3, 1), (96, 96), (2, 2)),
        ((3, 1), (96, 96), nil),
    ]

    let layers: [Layer]

    /// Reads `enc.{l}.w` (layer 0 float, the others int8 with `.scale`) and `enc.{l}.b`.
    init(tensors: inout TensorDirectory) throws {
        var layers: [Layer] = []
        for (index, spec) in Self.geometry.enumerated() {
            let (kt, kf) = spec.kernel, (cin, cout) = spec.channels
            let shape = [cout, cin, kt, kf]
            let name = "enc.\(index).w"
            // The file's [cout][cin][kt][kf] index of each weight, in the kernel's order.
            func source(_ t: Int, _ f: Int, _ i: Int, _ o: Int) -> Int { ((o * cin + i) * kt + t) * kf + f }
            let weights: Weights
            if index == 0 {
                let flat = try tensors.floats(name, shape: shape)
                var laid = [Float](repeating: 0, count: flat.count)
                for t in 0..<kt { for f in 0..<kf { for i in 0..<cin { for o in 0..<cout {
                    laid[((t * kf + f) * cin + i) * cout + o] = flat[source(t, f, i, o)]
                } } } }
                weights = .float(laid)
            } else {
                let values = try tensors.int8s(name, shape: shape)
                var laid = [Int16](repeating: 0, count: values.count)
                for t in 0..<kt { for f in 0..<kf { for i in 0..<cin { for o in 0..<cout {
                    laid[(((t * kf + f) * (cin / 2) + i / 2) * cout + o) * 2 + i % 2] = Int16(values[source(t, f, i, o)])
                } } } }
                weights = .int16(laid, scales: try tensors.floats(name + ".scale", shape: [cout]))
            }
            layers.append(Layer(
                time: kt, frequency: kf, inputs: cin, outputs: cout, weights: weights,
                bias: try tensors.floats("enc.\(index).b", shape: [cout]),
                pool: spec.pool.map { (time: $0.0, frequency: $0.1) },
                activated: index < Self.geometry.count - 1))
        }
        self.layers = layers
    }
}

/// Streaming evaluation of `SpeechEmbedding`: push log-mel frames one at a time, get embedding j as soon
/// as frames [hop·j, hop·j + 76) have all arrived, in order.
///
/// One fully convolutional pass yields windows 8 frames apart, so hop 2 needs 4 passes and hop 4 two.
/// They differ only in where the time pools after layers 10 and 18 pair their rows, so they share
/// layers 0–10, then split into branches for layers 11–18 (the pool after layer 10 at phase 0 or 1)
/// and leaves for layer 19 (the pool after layer 18 at phase 0 or 1): for hop 2 about 0.87 M
/// multiply-adds per 10 ms frame. Output w of the leaf with phases (φ, ψ) is embedding
/// j = (8/hop)·w + 2ψ + φ for hop 2, (8/hop)·w + ψ for hop 4.
struct EmbeddingStream: Sendable {
    private var trunk: [Stage]
    private var branches: [Branch]
    private var ready: [Int: [Float]] = [:]
    private var next = 0

    private struct Leaf: Sendable {
        var stages: [Stage]
        let offset: Int, step: Int
        var emitted = 0
    }

    private struct Branch: Sendable {
        var stages: [Stage]
        var leaves: [Leaf]
    }

    /// - Parameter hop: frames between embeddings: 2, 4 or 8.
    init(embedding: SpeechEmbedding, hop: Int) {
        precondition([2, 4, 8].contains(hop), "hop \(hop): the stream supports 2, 4 and 8 frames")
        // Segments between the time pools: [layers 0–2], [pool, 3–10], [pool, 11–18], [pool, 19].
        var segments: [[Stage]] = [[]]
        for layer in embedding.layers {
            segments[segments.count - 1].append(.conv(ConvState(layer: layer)))
            guard let pool = layer.pool else { continue }
            if pool.time == 1 {
                segments[segments.count - 1].append(.frequencyPool(width: pool.frequency, channels: layer.outputs))
            } else {
                segments.append([.timePool(TimePoolState(frequency: pool.frequency, channels: layer.outputs, phase: 0))])
            }
        }
        func phased(_ stages: [Stage], _ phase: Int) -> [Stage] {
            guard case let .timePool(pool) = stages[0] else { return stages }
            return [.timePool(TimePoolState(frequency: pool.frequency, channels: pool.channels, phase: phase))] + stages.dropFirst()
        }
        let passes = SpeechEmbedding.networkStride / hop
        trunk = segments[0] + segments[1]
        branches = (0..<(hop == 2 ? 2 : 1)).map { branch in
            Branch(stages: phased(segments[2], branch), leaves: (0..<(hop <= 4 ? 2 : 1)).map { leaf in
                Leaf(stages: phased(segments[3], leaf), offset: hop == 2 ? 2 * leaf + branch : leaf, step: passes)
            })
        }
    }

    /// Consumes one frame (32 values) and returns the embeddings it completes, in index order.
    mutating func push(_ frame: [Float]) -> [[Float]] {
        guard let row = Self.run(&trunk, frame) else { return [] }
        for b in branches.indices {
            guard let branchRow = Self.run(&branches[b].stages, row) else { continue }
            for l in branches[b].leaves.indices {
                guard let value = Self.run(&branches[b].leaves[l].stages, branchRow) else { continue }
                let leaf = branches[b].leaves[l]
                ready[leaf.offset + leaf.step * leaf.emitted] = value
                branches[b].leaves[l].emitted += 1
            }
        }
        var out: [[Float]] = []
        while let value = ready.removeValue(forKey: next) {
            out.append(value)
            next += 1
        }
        return out
    }

    /// Pushes one row through `stages`; every stage yields at most one row per input row.
    private static func run(_ stages: inout [Stage], _ row: [Float]) -> [Float]? {
        var current = row
        for index in stages.indices {
            guard let out = stages[index].push(current) else { return nil }
            current = out
        }
        return current
    }
}

/// One streaming step of the network: rows (bins × channels, channels innermost) in time order.
private enum Stage: Sendable {
    case conv(ConvState)
    case timePool(TimePoolState)
    case frequencyPool(width: Int, channels: Int)

    mutating func push(_ row: [Float]) -> [Float]? {
        switch self {
        case var .conv(state):
            let out = state.push(row)
            self = .conv(state)
            return out
        case var .timePool(state):
            let out = state.push(row)
            self = .timePool(state)
            return out
        case let .frequencyPool(width, channels):
            return maxPool(row, row, width: width, channels: channels)
        }
    }
}

/// A convolution with its last `time` input rows in a ring: as floats for a float layer, quantized to
/// int16 with a scale each (`hub_i16_quantize_row`) for the others.
private struct ConvState: Sendable {
    let layer: SpeechEmbedding.Layer
    /// The ring of a float layer (`floats`) or of an int16 one (`quantized`, with each row's scale in
    /// `scales`): row r starts at r · row length and rows are written in turn, so after `pushed` rows
    /// the oldest of the last `time` is in slot `pushed % time`.
    var floats: [Float] = []
    var quantized: [Int16] = []
    var scales: [Float] = []
    var pushed = 0
    /// The output row, reused: the next layer is done with it before the next push, so it is written
    /// in place (a time pool that holds it gets a copy on write).
    var output: [Float] = []

    init(layer: SpeechEmbedding.Layer) { self.layer = layer }

    mutating func push(_ row: [Float]) -> [Float]? {
        let (kt, count) = (layer.time, row.count)
        let bins = count / layer.inputs
        let slot = pushed % kt
        pushed += 1
        switch layer.weights {
        case let .float(weights):
            if floats.isEmpty { floats = Array(repeating: 0, count: kt * count) }
            floats.replaceSubrange(slot * count..<(slot + 1) * count, with: row)
            guard pushed >= kt else { return nil }
            prepareOutput(bins: bins)
            floats.withUnsafeBufferPointer { ring in
                withRows(ring.baseAddress!, count: count, time: kt, oldest: pushed % kt) { rows in
                    hub_f32_conv_row(rows, Int32(kt), Int32(layer.frequency), Int32(bins), Int32(layer.inputs),
                                     Int32(layer.outputs), weights, layer.bias, layer.activated ? 1 : 0, &output)
                }
            }
            return output
        case let .int16(weights, weightScales):
            if quantized.isEmpty {
                quantized = Array(repeating: 0, count: kt * count)
                scales = Array(repeating: 1, count: kt)
            }
            scales[slot] = quantized.withUnsafeMutableBufferPointer { ring in
                hub_i16_quantize_row(row, Int32(count), ring.baseAddress! + slot * count)
            }
            guard pushed >= kt else { return nil }
            prepareOutput(bins: bins)
            let oldest = pushed % kt
            let rowScales = (0..<kt).map { scales[($0 + oldest) % kt] }
            quantized.withUnsafeBufferPointer { ring in
                withRows(ring.baseAddress!, count: count, time: kt, oldest: oldest) { rows in
                    hub_i16_conv_row(rows, rowScales, Int32(kt), Int32(layer.frequency), Int32(bins), Int32(layer.inputs),
                                     Int32(layer.outputs), weights, weightScales, layer.bias, layer.activated ? 1 : 0, &output)
                }
            }
            return output
        }
    }

    private mutating func prepareOutput(bins: Int) {
        if output.count != bins * layer.outputs { output = Array(repeating: 0, count: bins * layer.outputs) }
    }
}

/// Calls `body` with pointers to the `time` rows of `count` values of a ring at `base`, oldest first
/// (the oldest in slot `oldest`), on the stack.
private func withRows<Element>(_ base: UnsafePointer<Element>, count: Int, time: Int, oldest: Int,
                               _ body: (UnsafePointer<UnsafePointer<Element>?>) -> Void) {
    withUnsafeTemporaryAllocation(of: UnsafePointer<Element>?.self, capacity: time) { rows in
        for dt in 0..<time { rows[dt] = base + ((oldest + dt) % time) * count }
        body(UnsafePointer(rows.baseAddress!))
    }
}

/// A max pool over 2 time rows (pairs starting at row `phase`, earlier rows dropped) and `frequency` bins.
private struct TimePoolState: Sendable {
    let frequency: Int, channels: Int
    let phase: Int
    var seen = 0
    var held: [Float]?

    init(frequency: Int, channels: Int, phase: Int) {
        self.frequency = frequency
        self.channels = channels
        self.phase = phase
    }

    mutating func push(_ row: [Float]) -> [Float]? {
        seen += 1
        guard seen > phase else { return nil }
        guard let first = held else {
            held = row
            return nil
        }
        held = nil
        return maxPool(first, row, width: frequency, channels: channels)
    }
}

/// Max over two rows of bins × `channels` and over groups of `width` adjacent bins (trailing odd bins
/// dropped); `a` and `b` the same row for a pool over frequency alone.
private func maxPool(_ a: [Float], _ b: [Float], width: Int, channels: Int) -> [Float] {
    let bins = a.count / channels / width
    return [Float](unsafeUninitializedCapacity: bins * channels) { out, count in
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                for bin in 0..<bins {
                    let first = bin * width * channels
                    for c in 0..<channels { out[bin * channels + c] = max(a[first + c], b[first + c]) }
                    for k in 1..<width {
                        let source = first + k * channels
                        for c in 0..<channels {
                            out[bin * channels + c] = max(out[bin * channels + c], max(a[source + c], b[source + c]))
                        }
                    }
                }
            }
        }
        count = bins * channels
    }
}
