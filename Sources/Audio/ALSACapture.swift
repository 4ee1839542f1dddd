import CALSA
#if canImport(Glibc)
import Glibc
#endif

// MARK: - ALSACapture

/// A microphone (or any ALSA capture PCM) as an `AudioSource` of 16 kHz mono chunks.
///
/// Opens the device by ALSA name (`default`, `hw:1,0`, `plughw:1,0`, or a PCM defined in the ALSA
/// configuration), negotiates whatever rate, sample format and channel count the hardware offers
/// nearest to the request, and converts to 16 kHz mono itself (channel average + libsamplerate).
/// Overruns (`-EPIPE`) and suspends (`-ESTRPIPE`) are recovered with `snd_pcm_recover` and counted in
/// `overruns`; the stream continues. `read()` blocks for one period (about 10 ms) and returns `nil`
/// only after `close()`.
public final class ALSACapture: AudioSource {
    /// What to ask of the device; the device answers with the nearest it supports.
    public struct Request: Sendable, Equatable {
        /// Requested device rate in Hz (output is always 16 kHz).
        public var rate: Int
        /// Requested channel count (output is always mono).
        public var channels: Int
        /// Sample formats to try, in order of preference.
        public var formats: [SampleFormat]
        /// Requested period (one `read()`) in microseconds.
        public var periodMicroseconds: Int
        /// Requested ring buffer in microseconds; larger survives longer stalls before an overrun.
        public var bufferMicroseconds: Int

        /// The default asks for 16 kHz mono s16 in 10 ms periods with a 500 ms buffer.
        public init(
            rate: Int = AudioFormat.sampleRate, channels: Int = 1,
            formats: [SampleFormat] = [.s16, .s32, .float32],
            periodMicroseconds: Int = 10_000, bufferMicroseconds: Int = 500_000
        ) {
            self.rate = rate
            self.channels = channels
            self.formats = formats
            self.periodMicroseconds = periodMicroseconds
            self.bufferMicroseconds = bufferMicroseconds
        }
    }

    /// Interleaved sample formats the capture converts from.
    public enum SampleFormat: String, Sendable, Equatable, CaseIterable {
        /// Signed 16-bit, native endian.
        case s16
        /// Signed 32-bit, native endian.
        case s32
        /// 32-bit float in [-1, 1], native endian.
        case float32

        var alsa: snd_pcm_format_t {
            switch self {
            case .s16: SND_PCM_FORMAT_S16
            case .s32: SND_PCM_FORMAT_S32
            case .float32: SND_PCM_FORMAT_FLOAT
            }
        }

        var bytes: Int { self == .s16 ? 2 : 4 }
    }

    /// The ALSA name the capture was opened with.
    public let device: String
    /// The rate the device actually runs at.
    public let deviceRate: Int
    /// The channel count the device actually delivers.
    public let deviceChannels: Int
    /// The sample format the device actually delivers.
    public let deviceFormat: SampleFormat
    /// Frames per device period (one blocking `read()`).
    public let periodFrames: Int
    /// Overruns and suspends recovered so far.
    public private(set) var overruns = 0

    private var pcm: OpaquePointer?
    private let resampler: Resampler?
    private var raw: [UInt8]

    /// Opens `device` for capture.
    /// - Parameters:
    ///   - device: an ALSA PCM name.
    ///   - request: the rate, channels, formats and period to ask for.
    ///   - configuration: ALSA configuration text to look `device` up in instead of the system
    ///     configuration (for PCMs defined by the hub itself, and for tests).
    /// - Throws: `AudioError.device` naming the device when it does not exist, is busy, or offers no
    ///   usable format; `AudioError.invalidParameter` for malformed configuration text.
    public init(device: String = "default", request: Request = Request(), configuration: String? = nil) throws {
        _ = silenceALSALibraryErrors
        self.device = device
        var handle: OpaquePointer?
        var code: Int32
        if let configuration {
            let config = try ALSAConfig(text: configuration)
            code = snd_pcm_open_lconf(&handle, device, SND_PCM_STREAM_CAPTURE, 0, config.root)
        } else {
            code = snd_pcm_open(&handle, device, SND_PCM_STREAM_CAPTURE, 0)
        }
        guard code >= 0, let handle else {
            throw AudioError.device(name: device, reason: alsaErrorMessage(code))
        }
        do {
            let negotiated = try Self.configure(handle, device: device, request: request)
            deviceRate = negotiated.rate
            deviceChannels = negotiated.channels
            deviceFormat = negotiated.format
            periodFrames = negotiated.periodFrames
            resampler = negotiated.rate == AudioFormat.sampleRate ? nil : try Resampler(inputRate: negotiated.rate)
        } catch {
            snd_pcm_close(handle)
            throw error
        }
        pcm = handle
        raw = [UInt8](repeating: 0, count: periodFrames * deviceChannels * deviceFormat.bytes)
    }

    deinit { close() }

    /// Stops capturing and releases the device; later `read()` calls return `nil`.
    public func close() {
        if let pcm { snd_pcm_close(pcm) }
        pcm = nil
    }

    private struct Negotiated {
        var rate: Int, channels: Int, format: SampleFormat, periodFrames: Int
    }

    private static func configure(_ pcm: OpaquePointer, device: String, request: Request) throws -> Negotiated {
        func check(_ code: Int32, _ what: String) throws {
            guard code >= 0 else { throw AudioError.device(name: device, reason: "\(what): \(alsaErrorMessage(code))") }
        }
        var params: OpaquePointer?
        try check(snd_pcm_hw_params_malloc(&params), "allocating hardware parameters")
        defer { snd_pcm_hw_params_free(params) }
        try check(snd_pcm_hw_params_any(pcm, params), "reading hardware parameters")
        try check(snd_pcm_hw_params_set_access(pcm, params, SND_PCM_ACCESS_RW_INTERLEAVED), "interleaved access")
        guard let format = request.formats.first(where: { snd_pcm_hw_params_test_format(pcm, params, $0.alsa) == 0 }) else {
            throw AudioError.device(
                name: device, reason: "supports none of the sample formats \(request.formats.map(\.rawValue).joined(separator: ", "))")
        }
        try check(snd_pcm_hw_params_set_format(pcm, params, format.alsa), "sample format \(format.rawValue)")
        var channels = UInt32(max(request.channels, 1))
        try check(snd_pcm_hw_params_set_channels_near(pcm, params, &channels), "\(request.channels) channels")
        var rate = UInt32(max(request.rate, 1))
        var direction: Int32 = 0
        try check(snd_pcm_hw_params_set_rate_near(pcm, params, &rate, &direction), "rate \(request.rate) Hz")
        var period = UInt32(request.periodMicroseconds)
        direction = 0
        try check(snd_pcm_hw_params_set_period_time_near(pcm, params, &period, &direction), "period \(request.periodMicroseconds) µs")
        var buffer = UInt32(request.bufferMicroseconds)
        direction = 0
        try check(snd_pcm_hw_params_set_buffer_time_near(pcm, params, &buffer, &direction), "buffer \(request.bufferMicroseconds) µs")
        try check(snd_pcm_hw_params(pcm, params), "applying hardware parameters")
        var periodFrames: snd_pcm_uframes_t = 0
        direction = 0
        try check(snd_pcm_hw_params_get_period_size(params, &periodFrames, &direction), "reading period size")
        guard (AudioFile.minimumSampleRate...AudioFile.maximumSampleRate).contains(Int(rate)),
              (1...AudioFile.maximumChannels).contains(Int(channels)), periodFrames > 0
        else {
            throw AudioError.device(name: device, reason: "negotiated an unusable \(rate) Hz, \(channels) channels, \(periodFrames)-frame period")
        }
        try check(snd_pcm_prepare(pcm), "preparing")
        return Negotiated(rate: Int(rate), channels: Int(channels), format: format, periodFrames: Int(periodFrames))
    }

    /// Blocks for the next period and returns it as 16 kHz mono; recovers overruns on the way.
    /// - Throws: `AudioError.capture` when the device fails beyond recovery (unplugged, …).
    public func read() throws -> [Float]? {
        while let pcm {
            let got = raw.withUnsafeMutableBytes { snd_pcm_readi(pcm, $0.baseAddress, snd_pcm_uframes_t(periodFrames)) }
            if got < 0 {
                try recover(Int32(got))
                continue
            }
            guard got > 0 else { continue }
            let mono = convert(frames: Int(got))
            let chunk = try resampler?.process(mono) ?? mono
            if !chunk.isEmpty { return chunk }
        }
        return nil
    }

    /// Recovers from an overrun, suspend or interrupted call so the stream continues.
    /// - Throws: `AudioError.capture` when ALSA cannot recover from `code`.
    func recover(_ code: Int32) throws {
        guard let pcm else { return }
        if code == -EPIPE || code == -ESTRPIPE { overruns += 1 }
        let result = snd_pcm_recover(pcm, code, 1)
        guard result >= 0 else {
            throw AudioError.capture(device: device, reason: alsaErrorMessage(code))
        }
    }

    /// Interleaved device samples of `frames` frames in `raw` → mono floats in [-1, 1].
    private func convert(frames: Int) -> [Float] {
        let channels = deviceChannels
        var mono = [Float](repeating: 0, count: frames)
        let scale = 1 / Float(channels)
        raw.withUnsafeBytes { bytes in
            func mix(_ sample: (Int) -> Float) {
                for frame in 0..<frames {
                    var sum: Float = 0
                    for channel in 0..<channels { sum += sample(frame * channels + channel) }
                    mono[frame] = sum * scale
                }
            }
            switch deviceFormat {
            case .s16:
                let values = bytes.bindMemory(to: Int16.self)
                mix { Float(values[$0]) / 32_768 }
            case .s32:
                let values = bytes.bindMemory(to: Int32.self)
                mix { Float(values[$0]) / 2_147_483_648 }
            case .float32:
                let values = bytes.bindMemory(to: Float.self)
                mix { values[$0] }
            }
        }
        return mono
    }
}

// MARK: - Configuration text

/// An ALSA configuration tree parsed from text, freed on deinit.
final class ALSAConfig {
    let root: OpaquePointer

    /// - Throws: `AudioError.invalidParameter` quoting ALSA's parse error.
    init(text: String) throws {
        var top: OpaquePointer?
        var code = snd_config_top(&top)
        guard code >= 0, let top else {
            throw AudioError.invalidParameter(name: "ALSA configuration", reason: alsaErrorMessage(code))
        }
        var input: OpaquePointer?
        let bytes = Array(text.utf8)
        code = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { snd_input_buffer_open(&input, $0.baseAddress, buffer.count) }
        }
        guard code >= 0, let input else {
            snd_config_delete(top)
            throw AudioError.invalidParameter(name: "ALSA configuration", reason: alsaErrorMessage(code))
        }
        code = snd_config_load(top, input)
        snd_input_close(input)
        guard code >= 0 else {
            snd_config_delete(top)
            throw AudioError.invalidParameter(name: "ALSA configuration", reason: "cannot parse: \(alsaErrorMessage(code))")
        }
        root = top
    }

    deinit { snd_config_delete(root) }
}

/// Installs the quiet ALSA error handler (once, lazily) before the first ALSA call.
let silenceALSALibraryErrors: Void = hub_alsa_silence_library_errors()
