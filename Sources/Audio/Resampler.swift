import CSampleRate

/// Streaming mono sample-rate converter backed by libsamplerate's band-limited sinc interpolator.
///
/// Feed any number of samples per call; the converter keeps its filter state between calls, so the
/// concatenated output does not depend on how the input was chunked beyond libsamplerate's own
/// buffering. Call `flush()` once at the end of the stream to drain the filter's delay line.
public final class Resampler {
    /// Conversion quality, mapping to libsamplerate's sinc converters.
    public enum Quality: Sendable {
        /// `SRC_SINC_BEST_QUALITY`: 97 dB SNR, slowest.
        case best
        /// `SRC_SINC_MEDIUM_QUALITY`: 97 dB SNR over a narrower band, the default.
        case medium
        /// `SRC_SINC_FASTEST`: still band-limited, cheapest sinc.
        case fastest

        var converterType: Int32 {
            switch self {
            case .best: Int32(SRC_SINC_BEST_QUALITY)
            case .medium: Int32(SRC_SINC_MEDIUM_QUALITY)
            case .fastest: Int32(SRC_SINC_FASTEST)
            }
        }
    }

    /// The rate of the samples passed to `process`.
    public let inputRate: Int
    /// The rate of the samples `process` returns.
    public let outputRate: Int
    private let ratio: Double
    private let state: OpaquePointer
    private var output: [Float] = []

    /// Creates a converter from `inputRate` to `outputRate` (both in Hz).
    /// - Throws: `AudioError.invalidParameter` for rates libsamplerate cannot convert between
    ///   (ratio outside 1/256…256), `AudioError.resampler` when the converter cannot be created.
    public init(inputRate: Int, outputRate: Int = 16_000, quality: Quality = .medium) throws {
        guard inputRate > 0, outputRate > 0 else {
            throw AudioError.invalidParameter(name: "sample rate", reason: "\(inputRate) Hz → \(outputRate) Hz; rates must be positive")
        }
        let ratio = Double(outputRate) / Double(inputRate)
        guard src_is_valid_ratio(ratio) != 0 else {
            throw AudioError.invalidParameter(name: "sample rate", reason: "\(inputRate) Hz → \(outputRate) Hz is beyond libsamplerate's 256× ratio limit")
        }
        var error: Int32 = 0
        guard let state = src_new(quality.converterType, 1, &error) else {
            throw AudioError.resampler(reason: samplerateErrorMessage(error))
        }
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.ratio = ratio
        self.state = state
    }

    deinit { src_delete(state) }

    /// Converts the next `samples` of the stream and returns the output they make available.
    public func process(_ samples: [Float]) throws -> [Float] {
        try run(samples, endOfInput: false)
    }

    /// Ends the stream: returns the output still held in the filter and resets the converter for reuse.
    public func flush() throws -> [Float] {
        defer { src_reset(state) }
        return try run([], endOfInput: true)
    }

    private func run(_ samples: [Float], endOfInput: Bool) throws -> [Float] {
        var result: [Float] = []
        result.reserveCapacity(Int((Double(samples.count) * ratio).rounded(.up)) + 16)
        let blockOut = max(1024, Int(Double(samples.count) * ratio) + 64)
        if output.count < blockOut { output = [Float](repeating: 0, count: blockOut) }
        // libsamplerate rejects a null input pointer even with zero frames, so an empty chunk reads from a dummy.
        let input = samples.isEmpty ? [Float(0)] : samples
        let inputCount = samples.count
        try input.withUnsafeBufferPointer { input in
            var consumed = 0
            while true {
                let remaining = inputCount - consumed
                var used = 0
                var generated = 0
                let code: Int32 = output.withUnsafeMutableBufferPointer { out in
                    var data = SRC_DATA()
                    data.data_in = input.baseAddress! + min(consumed, input.count - 1)
                    data.input_frames = remaining
                    data.data_out = out.baseAddress
                    data.output_frames = out.count
                    data.end_of_input = endOfInput ? 1 : 0
                    data.src_ratio = ratio
                    let code = src_process(state, &data)
                    used = Int(data.input_frames_used)
                    generated = Int(data.output_frames_gen)
                    return code
                }
                guard code == 0 else { throw AudioError.resampler(reason: samplerateErrorMessage(code)) }
                consumed += used
                result.append(contentsOf: output[0..<generated])
                // Done when all input is consumed and the converter has nothing more to give.
                if consumed >= inputCount && generated == 0 { break }
                if !endOfInput && consumed >= inputCount && generated < output.count { break }
            }
        }
        return result
    }
}
