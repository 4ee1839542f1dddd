import Foundation

// MARK: - FeatureParameters

/// Every setting of the MFCC front end, in one value that a model file records so that training
/// (`training/features.py`) and the runtime (`MFCC`) can never disagree.
///
/// The default is the hub's front end: 16 kHz, 25 ms Hamming window every 10 ms, pre-emphasis 0.97
/// applied to the continuous signal, 512-point FFT power spectrum, 40 triangular HTK-mel bands from
/// 20 to 7600 Hz, natural log with floor 1e-10, orthonormal DCT-II keeping all 40 coefficients, and no
/// normalisation. `melScale` and `cepstrum` select Slaney filters and log-mel output instead.
/// Normalisation is never per-utterance (that would break streaming): it is either `.none` or a fixed
/// mean and standard deviation per coefficient supplied by the model.
///
/// Two stable serialisations exist, mirrored byte for byte by `training/features.py`:
/// JSON (`jsonData()`, snake_case keys) and a compact binary block (`serialized()`), laid out as:
///
///     0  magic "MFCP"                                 4 bytes
///     1  version (1, or 2 when `isExtended`)          u32
///     2  sample_rate                                  u32
///     3  frame_length (samples)                       u32
///     4  frame_shift (samples)                        u32
///     5  pre_emphasis                                 f32
///     6  window (0 hamming, 1 hann, 2 periodic hann)  u32
///     7  fft_size                                     u32
///     8  mel_bands                                    u32
///     9  low_frequency (Hz)                           f32
///    10  high_frequency (Hz)                          f32
///    11  log_floor                                    f32
///    12  cepstral_coefficients                        u32
///    13  version 2 only: mel_scale (0 htk, 1 slaney)  u32
///    14  version 2 only: cepstrum (0 dct, 1 none)     u32
///    15  normalization (0 none, 1 fixed)              u32
///    16  if fixed: mean, then std                     f32 × cepstral_coefficients each
///
/// All integers and floats are little-endian. Parameters with the default mel scale and cepstrum are
/// written as version 1, and their JSON omits `mel_scale` and `cepstrum`, byte for byte as before those
/// fields existed; a version-2 block holding both defaults is rejected.
public struct FeatureParameters: Codable, Sendable, Equatable {
    /// Analysis window shape of N points.
    public enum Window: String, Codable, Sendable {
        /// 0.54 − 0.46 cos(2πn / (N − 1)), symmetric as `numpy.hamming`.
        case hamming
        /// 0.5 − 0.5 cos(2πn / (N − 1)), symmetric as `numpy.hanning`.
        case hann
        /// 0.5 − 0.5 cos(2πn / N), periodic as `scipy.signal.get_window("hann", N)`.
        case periodicHann = "periodic_hann"
    }

    /// Frequency scale on which the mel filters' edges are equally spaced.
    public enum MelScale: String, Codable, Sendable {
        /// HTK: 2595 · log10(1 + f / 700); filters peak at 1.
        case htk
        /// Slaney (librosa's default): linear below 1 kHz (200/3 Hz per mel), logarithmic above (a
        /// factor 6.4 every 27 mels); each filter is scaled to area 1 in Hz (2 / (right − left edge)).
        case slaney
    }

    /// What becomes of the log-mel energies.
    public enum Cepstrum: String, Codable, Sendable {
        /// Orthonormal DCT-II, keeping the first `cepstralCoefficients` rows (MFCC).
        case dct
        /// No transform: the log-mel energies themselves (`cepstralCoefficients` must equal `melBands`).
        case logMel = "none"
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
    /// DCT-II coefficients kept (≤ `melBands`; equal keeps the full log-mel information); with
    /// `cepstrum == .logMel`, the number of log-mel values (= `melBands`).
    public var cepstralCoefficients: Int
    /// Fixed, streaming-compatible normalisation applied to the coefficients.
    public var normalization: FeatureNormalization
    /// Scale of the mel filterbank.
    public var melScale: MelScale
    /// DCT (MFCC) or log-mel output.
    public var cepstrum: Cepstrum

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
        normalization: FeatureNormalization = .none,
        melScale: MelScale = .htk,
        cepstrum: Cepstrum = .dct
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
        self.melScale = melScale
        self.cepstrum = cepstrum
    }

    /// Whether the mel scale or cepstrum is not the default: such parameters are written as version 2 of
    /// the binary block and with the JSON keys `mel_scale` and `cepstrum`.
    public var isExtended: Bool { melScale != .htk || cepstrum != .dct }

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
        guard cepstrum == .dct || cepstralCoefficients == melBands else {
            throw fail("cepstral_coefficients", "\(cepstralCoefficients); cepstrum 'none' (log-mel output) needs mel_bands (\(melBands))")
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
        case melScale = "mel_scale"
        case cepstrum
    }

    /// Decodes the JSON object; `mel_scale` and `cepstrum` are optional (default `htk` and `dct`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sampleRate: try container.decode(Int.self, forKey: .sampleRate),
            frameLength: try container.decode(Int.self, forKey: .frameLength),
            frameShift: try container.decode(Int.self, forKey: .frameShift),
            preEmphasis: try container.decode(Float.self, forKey: .preEmphasis),
            window: try container.decode(Window.self, forKey: .window),
            fftSize: try container.decode(Int.self, forKey: .fftSize),
            melBands: try container.decode(Int.self, forKey: .melBands),
            lowFrequency: try container.decode(Float.self, forKey: .lowFrequency),
            highFrequency: try container.decode(Float.self, forKey: .highFrequency),
            logFloor: try container.decode(Float.self, forKey: .logFloor),
            cepstralCoefficients: try container.decode(Int.self, forKey: .cepstralCoefficients),
            normalization: try container.decode(FeatureNormalization.self, forKey: .normalization),
            melScale: try container.decodeIfPresent(MelScale.self, forKey: .melScale) ?? .htk,
            cepstrum: try container.decodeIfPresent(Cepstrum.self, forKey: .cepstrum) ?? .dct)
    }

    /// Encodes every field, writing `mel_scale` and `cepstrum` only when `isExtended`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sampleRate, forKey: .sampleRate)
        try container.encode(frameLength, forKey: .frameLength)
        try container.encode(frameShift, forKey: .frameShift)
        try container.encode(preEmphasis, forKey: .preEmphasis)
        try container.encode(window, forKey: .window)
        try container.encode(fftSize, forKey: .fftSize)
        try container.encode(melBands, forKey: .melBands)
        try container.encode(lowFrequency, forKey: .lowFrequency)
        try container.encode(highFrequency, forKey: .highFrequency)
        try container.encode(logFloor, forKey: .logFloor)
        try container.encode(cepstralCoefficients, forKey: .cepstralCoefficients)
        try container.encode(normalization, forKey: .normalization)
        if isExtended {
            try container.encode(melScale, forKey: .melScale)
            try container.encode(cepstrum, forKey: .cepstrum)
        }
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
    /// The binary form's version written by `serialized()` for parameters that are not `isExtended`.
    public static let binaryVersion: UInt32 = 1
    /// The binary form's version written for `isExtended` parameters: adds mel_scale and cepstrum.
    public static let extendedBinaryVersion: UInt32 = 2

    // Binary codes are positions in these lists, as the tuples WINDOWS, MEL_SCALES and CEPSTRA in
    // training/features.py.
    private static let windowCodes: [Window] = [.hamming, .hann, .periodicHann]
    private static let melScaleCodes: [MelScale] = [.htk, .slaney]
    private static let cepstrumCodes: [Cepstrum] = [.dct, .logMel]

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
        u32(Int(isExtended ? Self.extendedBinaryVersion : Self.binaryVersion))
        u32(sampleRate); u32(frameLength); u32(frameShift)
        f32(preEmphasis)
        u32(Self.windowCodes.firstIndex(of: window)!)
        u32(fftSize); u32(melBands)
        f32(lowFrequency); f32(highFrequency); f32(logFloor)
        u32(cepstralCoefficients)
        if isExtended {
            u32(Self.melScaleCodes.firstIndex(of: melScale)!)
            u32(Self.cepstrumCodes.firstIndex(of: cepstrum)!)
        }
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
        func code<Value>(_ field: String, in values: [Value]) throws -> Value {
            let code = try int(field)
            guard code < values.count else { throw fail("unknown \(field) code \(code)") }
            return values[code]
        }

        guard bytes.count >= 4, Array(bytes[0..<4]) == Self.magic else {
            throw fail("bad magic \(Array(bytes.prefix(4))), expected \"MFCP\"")
        }
        offset = 4
        let version = try take("version")
        guard version == Self.binaryVersion || version == Self.extendedBinaryVersion else {
            throw fail("unsupported version \(version), expected \(Self.binaryVersion) or \(Self.extendedBinaryVersion)")
        }
        var parameters = FeatureParameters()
        parameters.sampleRate = try int("sample_rate")
        parameters.frameLength = try int("frame_length")
        parameters.frameShift = try int("frame_shift")
        parameters.preEmphasis = try float("pre_emphasis")
        parameters.window = try code("window", in: Self.windowCodes)
        parameters.fftSize = try int("fft_size")
        parameters.melBands = try int("mel_bands")
        parameters.lowFrequency = try float("low_frequency")
        parameters.highFrequency = try float("high_frequency")
        parameters.logFloor = try float("log_floor")
        parameters.cepstralCoefficients = try int("cepstral_coefficients")
        if version == Self.extendedBinaryVersion {
            parameters.melScale = try code("mel_scale", in: Self.melScaleCodes)
            parameters.cepstrum = try code("cepstrum", in: Self.cepstrumCodes)
            guard parameters.isExtended else {
                throw fail("version 2 block with default mel_scale and cepstrum (must be written as version 1)")
            }
        }
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
