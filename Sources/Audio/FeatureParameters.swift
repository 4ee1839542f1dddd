import Foundation

// MARK: - FeatureParameters

/// Every setting of the MFCC front end, in one value that a model file records so that training
/// (`training/features.py`) and the runtime (`MFCC`) can never disagree.
///
/// The default is the hub's front end: 16 kHz, 25 ms Hamming window every 10 ms, pre-emphasis 0.97
/// applied to the continuous signal, 512-point FFT power spectrum, 40 triangular HTK-mel bands from
/// 20 to 7600 Hz, natural log with floor 1e-10, orthonormal DCT-II keeping all 40 coefficients, and no
/// normalisation. Normalisation is never per-utterance (that would break streaming): it is either
/// `.none` or a fixed mean and standard deviation per coefficient supplied by the model.
///
/// Two stable serialisations exist, mirrored byte for byte by `training/features.py`:
/// JSON (`jsonData()`, snake_case keys) and a compact binary block (`serialized()`), laid out as:
///
///     0  magic "MFCP"                     4 bytes
///     1  version (= 1)                     u32
///     2  sample_rate                       u32
///     3  frame_length (samples)            u32
///     4  frame_shift (samples)             u32
///     5  pre_emphasis                      f32
///     6  window (0 hamming, 1 hann)        u32
///     7  fft_size                          u32
///     8  mel_bands                         u32
///     9  low_frequency (Hz)                f32
///    10  high_frequency (Hz)               f32
///    11  log_floor                         f32
///    12  cepstral_coefficients             u32
///    13  normalization (0 none, 1 fixed)   u32
///    14  if fixed: mean, then std          f32 × cepstral_coefficients each
///
/// All integers and floats are little-endian.
public struct FeatureParameters: Codable, Sendable, Equatable {
    /// Analysis window shape; both are the symmetric forms (denominator N − 1), as `numpy.hamming`.
    public enum Window: String, Codable, Sendable {
        /// 0.54 − 0.46 cos(2πn / (N − 1)).
        case hamming
        /// 0.5 − 0.5 cos(2πn / (N − 1)).
        case hann
    }

    /// Input sample rate in Hz.
    public var sampleRate: Int
    /// Window length in samples (400 = 25 ms at 16 kHz).
    public var frameLength: Int
    /// Hop between frame starts in samples (160 = 10 ms at 16 kHz).
    public var frameShift: Int
    /// Pre-emphasis coefficient `a` in y[n] = x[n] − a·x[n−1], applied across chunk boundaries (x[−1] = 0).
    public var preEmphasis: Float
    /// Analysis window.
    public var window: Window
    /// FFT length (a power of two ≥ `frameLength`); frames are zero-padded to it.
    public var fftSize: Int
    /// Number of triangular mel filters.
    public var melBands: Int
    /// Lower edge of the first mel filter in Hz.
    public var lowFrequency: Float
    /// Upper edge of the last mel filter in Hz.
    public var highFrequency: Float
    /// Mel energies are clamped to at least this before the natural log.
    public var logFloor: Float
    /// DCT-II coefficients kept (≤ `melBands`; equal keeps the full log-mel information).
    public var cepstralCoefficients: Int
    /// Fixed, streaming-compatible normalisation applied to the coefficients.
    public var normalization: FeatureNormalization

    /// Creates parameters; every argument defaults to the hub's front end.
    public init(
        sampleRate: Int = 16_000,
        frameLength: Int = 400,
        frameShift: Int = 160,
        preEmphasis: Float = 0.97,
        window: Window = .hamming,
        fftSize: Int = 512,
        melBands: Int = 40,
        lowFrequency: Float = 20,
        highFrequency: Float = 7_600,
        logFloor: Float = 1e-10,
        cepstralCoefficients: Int = 40,
        normalization: FeatureNormalization = .none
    ) {
        self.sampleRate = sampleRate
        self.frameLength = frameLength
        self.frameShift = frameShift
        self.preEmphasis = preEmphasis
        self.window = window
        self.fftSize = fftSize
        self.melBands = melBands
        self.lowFrequency = lowFrequency
        self.highFrequency = highFrequency
        self.logFloor = logFloor
        self.cepstralCoefficients = cepstralCoefficients
        self.normalization = normalization
    }

    /// Checks that the parameters describe a computable front end.
    /// - Throws: `AudioError.invalidParameter` naming the first offending field.
    public func validate() throws {
        func fail(_ name: String, _ reason: String) -> AudioError { .invalidParameter(name: name, reason: reason) }
        guard sampleRate > 0 else { throw fail("sample_rate", "\(sampleRate) Hz; must be positive") }
        guard frameLength > 0 else { throw fail("frame_length", "\(frameLength); must be positive") }
        guard frameShift > 0 else { throw fail("frame_shift", "\(frameShift); must be positive") }
        guard fftSize >= 2, fftSize & (fftSize - 1) == 0, fftSize >= frameLength else {
            throw fail("fft_size", "\(fftSize); must be a power of two ≥ frame_length (\(frameLength))")
        }
        guard (0..<1).contains(preEmphasis) else { throw fail("pre_emphasis", "\(preEmphasis); must be in [0, 1)") }
        guard melBands > 0 else { throw fail("mel_bands", "\(melBands); must be positive") }
        guard lowFrequency >= 0, lowFrequency < highFrequency, highFrequency <= Float(sampleRate) / 2 else {
            throw fail("frequency range", "\(lowFrequency)–\(highFrequency) Hz; need 0 ≤ low < high ≤ \(sampleRate / 2) Hz")
        }
        guard logFloor > 0 else { throw fail("log_floor", "\(logFloor); must be positive") }
        guard (1...melBands).contains(cepstralCoefficients) else {
            throw fail("cepstral_coefficients", "\(cepstralCoefficients); must be in 1…mel_bands (\(melBands))")
        }
        if case let .fixed(mean, standardDeviation) = normalization {
            guard mean.count == cepstralCoefficients, standardDeviation.count == cepstralCoefficients else {
                throw fail("normalization", "got \(mean.count) means and \(standardDeviation.count) deviations, expected \(cepstralCoefficients) each")
            }
            guard standardDeviation.allSatisfy({ $0 > 0 && $0.isFinite }), mean.allSatisfy(\.isFinite) else {
                throw fail("normalization", "deviations must be positive and all values finite")
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case sampleRate = "sample_rate"
        case frameLength = "frame_length"
        case frameShift = "frame_shift"
        case preEmphasis = "pre_emphasis"
        case window
        case fftSize = "fft_size"
        case melBands = "mel_bands"
        case lowFrequency = "low_frequency"
        case highFrequency = "high_frequency"
        case logFloor = "log_floor"
        case cepstralCoefficients = "cepstral_coefficients"
        case normalization
    }
}

// MARK: - Normalisation

/// Streaming-compatible normalisation of MFCC coefficients: nothing per utterance.
public enum FeatureNormalization: Codable, Sendable, Equatable {
    /// Coefficients are used as computed.
    case none
    /// Each coefficient c becomes (c − mean[i]) / standardDeviation[i], with statistics fixed by the model.
    case fixed(mean: [Float], standardDeviation: [Float])

    enum CodingKeys: String, CodingKey { case kind, mean, std }

    /// Decodes `{"kind": "none"}` or `{"kind": "fixed", "mean": […], "std": […]}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "none": self = .none
        case "fixed":
            self = .fixed(
                mean: try container.decode([Float].self, forKey: .mean),
                standardDeviation: try container.decode([Float].self, forKey: .std))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "unknown normalization kind '\(other)' (expected 'none' or 'fixed')")
        }
    }

    /// Encodes the form `init(from:)` reads.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .none:
            try container.encode("none", forKey: .kind)
        case let .fixed(mean, standardDeviation):
            try container.encode("fixed", forKey: .kind)
            try container.encode(mean, forKey: .mean)
            try container.encode(standardDeviation, forKey: .std)
        }
    }
}

// MARK: - Serialisation

extension FeatureParameters {
    /// The four bytes that open the binary form.
    public static let magic: [UInt8] = Array("MFCP".utf8)
    /// The binary form's version written by `serialized()`.
    public static let binaryVersion: UInt32 = 1

    /// The JSON form: sorted snake_case keys, so equal parameters give equal bytes.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    /// Decodes and validates the JSON form.
    /// - Throws: `AudioError.invalidFeatureParameters` for malformed JSON, `AudioError.invalidParameter`
    ///   for values out of range.
    public init(json: Data) throws {
        do {
            self = try JSONDecoder().decode(FeatureParameters.self, from: json)
        } catch {
            throw AudioError.invalidFeatureParameters(reason: "JSON: \(error)")
        }
        try validate()
    }

    /// The binary form, laid out as in the type's documentation.
    public func serialized() -> [UInt8] {
        var bytes = Self.magic
        func u32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { bytes.append(contentsOf: $0) } }
        func f32(_ value: Float) { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        u32(Int(Self.binaryVersion))
        u32(sampleRate); u32(frameLength); u32(frameShift)
        f32(preEmphasis)
        u32(window == .hamming ? 0 : 1)
        u32(fftSize); u32(melBands)
        f32(lowFrequency); f32(highFrequency); f32(logFloor)
        u32(cepstralCoefficients)
        switch normalization {
        case .none:
            u32(0)
        case let .fixed(mean, standardDeviation):
            u32(1)
            mean.forEach(f32)
            standardDeviation.forEach(f32)
        }
        return bytes
    }

    /// Decodes and validates the binary form; `bytes` must hold exactly one parameter block.
    /// - Throws: `AudioError.invalidFeatureParameters` for bad magic, unsupported version, unknown
    ///   enumeration values or wrong length; `AudioError.invalidParameter` for values out of range.
    public init(serialized bytes: [UInt8]) throws {
        var offset = 0
        func fail(_ reason: String) -> AudioError { .invalidFeatureParameters(reason: reason) }
        func take(_ field: String) throws -> UInt32 {
            guard offset + 4 <= bytes.count else {
                throw fail("block ends at byte \(bytes.count) while reading \(field) at byte \(offset)")
            }
            let value = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            offset += 4
            return value
        }
        func int(_ field: String) throws -> Int { Int(try take(field)) }
        func float(_ field: String) throws -> Float { Float(bitPattern: try take(field)) }

        guard bytes.count >= 4, Array(bytes[0..<4]) == Self.magic else {
            throw fail("bad magic \(Array(bytes.prefix(4))), expected \"MFCP\"")
        }
        offset = 4
        let version = try take("version")
        guard version == Self.binaryVersion else {
            throw fail("unsupported version \(version), expected \(Self.binaryVersion)")
        }
        var parameters = FeatureParameters()
        parameters.sampleRate = try int("sample_rate")
        parameters.frameLength = try int("frame_length")
        parameters.frameShift = try int("frame_shift")
        parameters.preEmphasis = try float("pre_emphasis")
        switch try take("window") {
        case 0: parameters.window = .hamming
        case 1: parameters.window = .hann
        case let other: throw fail("unknown window code \(other)")
        }
        parameters.fftSize = try int("fft_size")
        parameters.melBands = try int("mel_bands")
        parameters.lowFrequency = try float("low_frequency")
        parameters.highFrequency = try float("high_frequency")
        parameters.logFloor = try float("log_floor")
        parameters.cepstralCoefficients = try int("cepstral_coefficients")
        switch try take("normalization") {
        case 0:
            parameters.normalization = .none
        case 1:
            let count = parameters.cepstralCoefficients
            guard count <= (bytes.count - offset) / 8 else {
                throw fail("fixed normalization needs \(2 * count) floats, block has \((bytes.count - offset) / 4) left")
            }
            let mean = try (0..<count).map { _ in try float("mean") }
            let deviation = try (0..<count).map { _ in try float("std") }
            parameters.normalization = .fixed(mean: mean, standardDeviation: deviation)
        case let other:
            throw fail("unknown normalization code \(other)")
        }
        guard offset == bytes.count else {
            throw fail("\(bytes.count - offset) unexpected bytes after the block")
        }
        try parameters.validate()
        self = parameters
    }
}
