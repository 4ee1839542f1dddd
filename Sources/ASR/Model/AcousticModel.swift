import Audio
import Foundation

/// The int8 GRU acoustic model: stacked front-end frames in, phoneme logits (CTC blank first) out.
///
/// Version 2 of the format adds an encoder between the stacked frames and the GRU: the speech
/// embedding (`SpeechEmbedding`), pre-trained on real speech, whose 96 outputs per window are
/// normalised by `enc.mean` and `enc.std`; its header carries u32 encoder (1) and encoder_dim after
/// tensor_count. Version 1, without encoder, is parsed as before.
///
/// Parsed from bytes written by `training/export.py`, the layout of `docs/model-format.md` version 1:
///
///     1. preamble (32 bytes): magic "HUBAMODL", u32 version = 1, u32 header_size, u64 payload_size,
///        u32 CRC-32 of bytes [32, 32 + payload_size), u32 reserved
///     2. header: u32 F, F bytes of `FeatureParameters` (with the fixed normalisation), padding to 4,
///        u32 stack, stride, input_dim, hidden, layers, num_symbols, tensor_count,
///        num_symbols × (u8 length, UTF-8 name), padding so that 32 + header_size is a multiple of 64
///     3. tensor directory: tensor_count × (u8 name length, name, u8 dtype (1 f32, 2 i8), u8 ndim,
///        u16 reserved, ndim × u32 shape, u64 offset (multiple of 64), u64 byte size), padding to 64
///     4. tensor data at their offsets: per layer l `gru.l.{w_ih,w_hh}` i8 [3H, D] with f32 `.scale` [3H],
///        `gru.l.{b_ih,b_hh}` f32 [3H]; `out.w` i8 [P, H], `out.w.scale` f32 [P], `out.b` f32 [P]
///
/// Everything is checked at load: magic, version, checksum, sizes, names, dtypes, shapes, alignment.
public struct AcousticModel: Sendable {
    /// The front end the model was trained with (including its fixed normalisation).
    public let features: FeatureParameters
    /// MFCC frames per model input frame, and MFCC frames between model input frames.
    public let stack: Int, stride: Int
    /// Width of the GRU layers.
    public let hidden: Int
    /// Output symbols: `symbols[0]` is the CTC blank, the rest are espeak-ng phoneme names.
    public let symbols: [String]
    /// The encoder of a version-2 model, with its output normalisation (mean, 1 / std).
    let encoder: SpeechEmbedding?
    let encoderMean: [Float], encoderScale: [Float]
    /// GRU layers, input side first.
    let layers: [GRULayer]
    /// The phoneme classifier on top of the last layer.
    let output: QuantizedLinear

    /// Input frame width: `stack` × cepstral coefficients.
    public var inputDimension: Int { stack * features.cepstralCoefficients }

    /// Seconds of room tone the model needs before a recording's first sample and after its last: a
    /// model with the speech embedding was trained with 0.4 s on each side (`training/speech_embedding.py`,
    /// `PAD_SECONDS`), about half its 76-frame window; nil for the others (`RoomTone`'s defaults).
    public var paddingSeconds: Double? { encoder == nil ? nil : 0.4 }

    /// Size of one model step in seconds of audio.
    public var stepSeconds: Double { Double(stride * features.frameShift) / Double(features.sampleRate) }

    /// Loads and checks a model file.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError(path, "cannot read the model file")
        }
        try self.init(bytes: [UInt8](data), origin: path)
    }

    /// Parses and checks a model from memory; `origin` names it in errors.
    public init(bytes: [UInt8], origin: String = "<memory>") throws {
        var reader = ByteReader(bytes, origin: origin)
        let magic = try reader.take(8, "magic")
        guard Array(magic) == Self.magic else {
            throw ModelError(origin, "bad magic \"\(String(decoding: magic, as: UTF8.self))\" (expected \"HUBAMODL\"; not a hub acoustic model)")
        }
        let version = try reader.u32("version")
        guard version == Self.version || version == Self.encoderVersion else {
            throw ModelError(origin, "unsupported model format version \(version) (this hub reads versions \(Self.version) and \(Self.encoderVersion))")
        }
        let headerSize = try reader.count("header_size")
        let payloadSize = try reader.u64("payload_size")
        guard payloadSize == UInt64(bytes.count - Self.preambleSize) else {
            throw ModelError(origin, "truncated or padded: payload_size says \(payloadSize) bytes, file has \(bytes.count - Self.preambleSize) after the preamble")
        }
        let crc = try reader.u32("crc32")
        let actual = CRC32.checksum(bytes[Self.preambleSize...])
        guard crc == actual else {
            throw ModelError(origin, "checksum mismatch (file says \(hex(crc)), content is \(hex(actual))): the file is corrupt")
        }
        _ = try reader.u32("reserved")

        let headerStart = reader.offset
        let featureSize = try reader.count("feature_block_size", max: 1 << 16)
        do {
            features = try FeatureParameters(serialized: Array(try reader.take(featureSize, "feature parameters")))
        } catch let error as ModelError {
            throw error
        } catch {
            throw ModelError(origin, "bad feature parameters: \(error)")
        }
        try reader.align(to: 4, relativeTo: headerStart)
        stack = try reader.count("stack", max: 128)
        stride = try reader.count("stride", max: 64)
        let inputDim = try reader.count("input_dim")
        hidden = try reader.count("hidden", max: 4096)
        let layerCount = try reader.count("layers", max: 16)
        let symbolCount = try reader.count("num_symbols", max: 4096)
        let tensorCount = try reader.count("tensor_count", max: 4096)
        guard stack >= 1, stride >= 1, hidden >= 1, layerCount >= 1, symbolCount >= 2 else {
            throw ModelError(origin, "bad shape: stack \(stack), stride \(stride), hidden \(hidden), layers \(layerCount), symbols \(symbolCount)")
        }
        guard inputDim == stack * features.cepstralCoefficients else {
            throw ModelError(origin, "input_dim \(inputDim) != stack \(stack) × \(features.cepstralCoefficients) coefficients")
        }
        var encoderDimension = 0
        if version == Self.encoderVersion {
            let code = try reader.u32("encoder")
            encoderDimension = try reader.count("encoder_dim", max: 4096)
            guard code == 1 else { throw ModelError(origin, "unknown encoder \(code) (this hub knows 1, the speech embedding)") }
            guard features.cepstralCoefficients == SpeechEmbedding.bands, stack == SpeechEmbedding.context,
                  encoderDimension == SpeechEmbedding.dimension, [2, 4, 8].contains(stride) else {
                throw ModelError(origin, "speech embedding needs \(SpeechEmbedding.bands) bands, stack \(SpeechEmbedding.context), stride 2, 4 or 8 and encoder_dim \(SpeechEmbedding.dimension); got \(features.cepstralCoefficients), \(stack), \(stride), \(encoderDimension)")
            }
        }
        var names: [String] = []
        for index in 0..<symbolCount {
            let length = Int(try reader.u8("symbol \(index) length"))
            names.append(String(decoding: try reader.take(length, "symbol \(index)"), as: UTF8.self))
        }
        symbols = names
        guard reader.offset <= headerStart + headerSize else {
            throw ModelError(origin, "header is longer than header_size \(headerSize)")
        }
        reader.offset = headerStart + headerSize
        guard reader.offset % 64 == 0 else { throw ModelError(origin, "header_size \(headerSize) does not end on a 64-byte boundary") }

        var tensors = try TensorDirectory(reader: &reader, count: tensorCount, fileSize: bytes.count)
        var dimension = inputDim
        if encoderDimension > 0 {
            encoder = try SpeechEmbedding(tensors: &tensors)
            encoderMean = try tensors.floats("enc.mean", shape: [encoderDimension])
            let deviation = try tensors.floats("enc.std", shape: [encoderDimension])
            guard deviation.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw ModelError(origin, "enc.std: values must be positive") }
            encoderScale = deviation.map { 1 / $0 }
            dimension = encoderDimension
        } else {
            encoder = nil
            encoderMean = []
            encoderScale = []
        }
        var layers: [GRULayer] = []
        for layer in 0..<layerCount {
            let prefix = "gru.\(layer)."
            layers.append(GRULayer(
                input: try tensors.linear(prefix + "w_ih", bias: prefix + "b_ih", rows: 3 * hidden, columns: dimension),
                recurrent: try tensors.linear(prefix + "w_hh", bias: prefix + "b_hh", rows: 3 * hidden, columns: hidden)))
            dimension = hidden
        }
        self.layers = layers
        output = try tensors.linear("out.w", bias: "out.b", rows: symbolCount, columns: hidden)
        try tensors.checkAllUsed()
    }

    static let magic = Array("HUBAMODL".utf8)
    static let version: UInt32 = 1
    static let encoderVersion: UInt32 = 2
    static let preambleSize = 32
}

private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: false) }
