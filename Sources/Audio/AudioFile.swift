import CSndFile

// MARK: - Raw PCM

/// The layout of a headerless PCM file: signed 16-bit little-endian samples, interleaved.
public struct RawPCMFormat: Sendable, Equatable {
    /// Frames per second of the raw data.
    public var sampleRate: Int
    /// Interleaved channels of the raw data.
    public var channels: Int

    /// Creates a raw layout; the default is 16 kHz mono, the hub's own format.
    public init(sampleRate: Int = AudioFormat.sampleRate, channels: Int = 1) {
        self.sampleRate = sampleRate
        self.channels = channels
    }
}

// MARK: - Recording

/// A whole recording in the hub's format, with the rate it was made at: an 8 kHz file converted to
/// 16 kHz holds nothing above 4 kHz, which the recognizer's room tone must match.
public struct Recording: Sendable {
    /// 16 kHz mono samples in [-1, 1].
    public var samples: [Float]
    /// The file's own sample rate.
    public var sourceRate: Int

    /// A recording of `samples` (16 kHz mono) made at `sourceRate`.
    public init(samples: [Float], sourceRate: Int = AudioFormat.sampleRate) {
        self.samples = samples
        self.sourceRate = sourceRate
    }
}

// MARK: - AudioFile

/// Whole-file helpers: decode any file libsndfile reads to 16 kHz mono, and write test or bench files.
public enum AudioFile {
    /// Highest sample rate accepted from a file header; anything above is treated as corrupt.
    public static let maximumSampleRate = 768_000
    /// Lowest sample rate accepted from a file header.
    public static let minimumSampleRate = 1_000
    /// Most channels accepted from a file header.
    public static let maximumChannels = 64

    /// Reads a whole file as 16 kHz mono samples in [-1, 1].
    ///
    /// WAV, FLAC, OGG/Vorbis, AIFF and everything else libsndfile decodes, at any rate and channel count;
    /// channels are averaged, the rate converted with libsamplerate. Files ending in `.raw` or `.pcm` are
    /// read as headerless 16 kHz mono s16le unless `raw` says otherwise.
    /// - Parameters:
    ///   - path: the file to read.
    ///   - raw: the layout of a headerless file, or nil to decide from the extension.
    /// - Throws: `AudioError` naming the file when it is unreadable, empty, truncated or implausible.
    public static func read(path: String, raw: RawPCMFormat? = nil) throws -> [Float] {
        try recording(path: path, raw: raw).samples
    }

    /// Reads a whole file as `read` does, keeping the rate it was recorded at.
    /// - Throws: `AudioError` naming the file when it is unreadable, empty, truncated or implausible.
    public static func recording(path: String, raw: RawPCMFormat? = nil) throws -> Recording {
        let source = try AudioFileSource(path: path, raw: raw)
        var samples: [Float] = []
        samples.reserveCapacity(source.fileFrames * AudioFormat.sampleRate / max(source.fileSampleRate, 1) + 64)
        while let chunk = try source.read() { samples.append(contentsOf: chunk) }
        return Recording(samples: samples, sourceRate: source.fileSampleRate)
    }

    /// Containers and encodings `write` can produce.
    public enum WriteFormat: Sendable {
        /// WAV, signed 16-bit PCM.
        case wav16
        /// WAV, 32-bit float.
        case wavFloat
        /// FLAC, 16-bit.
        case flac16
        /// OGG/Vorbis.
        case oggVorbis

        var sndfileFormat: Int32 {
            switch self {
            case .wav16: Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
            case .wavFloat: Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
            case .flac16: Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
            case .oggVorbis: Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
            }
        }
    }

    /// Writes interleaved samples in [-1, 1] to `path` (for tests, benchmarks and recordings).
    /// - Parameters:
    ///   - samples: interleaved frames, `channels` values each.
    ///   - sampleRate: frames per second.
    ///   - channels: values per frame.
    ///   - path: destination, replaced if it exists.
    ///   - format: container and encoding.
    /// - Throws: `AudioError.invalidParameter` for inconsistent arguments, `AudioError.unreadableFile`
    ///   naming the path when libsndfile cannot create or write it.
    public static func write(
        _ samples: [Float], sampleRate: Int, channels: Int = 1, to path: String, format: WriteFormat = .wav16
    ) throws {
        guard channels > 0, samples.count % channels == 0 else {
            throw AudioError.invalidParameter(name: "channels", reason: "\(samples.count) samples do not split into frames of \(channels)")
        }
        var info = SF_INFO()
        info.samplerate = Int32(sampleRate)
        info.channels = Int32(channels)
        info.format = format.sndfileFormat
        guard let file = sf_open(path, Int32(SFM_WRITE), &info) else {
            throw AudioError.unreadableFile(path: path, reason: "cannot create: \(sndfileErrorMessage(nil))")
        }
        defer { sf_close(file) }
        let frames = samples.count / channels
        let written = samples.withUnsafeBufferPointer { sf_writef_float(file, $0.baseAddress, sf_count_t(frames)) }
        guard written == frames else {
            throw AudioError.unreadableFile(path: path, reason: "wrote \(written) of \(frames) frames: \(sndfileErrorMessage(file))")
        }
    }
}

// MARK: - AudioFileSource

/// A file as an `AudioSource`: decodes, downmixes and resamples to 16 kHz mono one block at a time,
/// so memory stays constant however long the file.
public final class AudioFileSource: AudioSource {
    /// The file being read.
    public let path: String
    /// The file's own sample rate.
    public let fileSampleRate: Int
    /// The file's own channel count.
    public let fileChannels: Int
    /// Frames in the file as its header announces them, at the file's own rate.
    public let fileFrames: Int

    private var file: OpaquePointer?
    private let resampler: Resampler?
    private let blockFrames: Int
    private var interleaved: [Float]
    private var framesRead = 0
    private var finished = false

    /// Opens `path` for streaming.
    /// - Parameters:
    ///   - path: the file to read.
    ///   - raw: the layout of a headerless file, or nil to decide from the extension (`.raw`/`.pcm` mean
    ///     16 kHz mono s16le).
    ///   - blockFrames: frames decoded per `read()` (at the file's rate).
    /// - Throws: `AudioError` naming the file when it cannot be opened, holds no samples or has an
    ///   implausible rate or channel count.
    public init(path: String, raw: RawPCMFormat? = nil, blockFrames: Int = 4096) throws {
        guard blockFrames > 0 else {
            throw AudioError.invalidParameter(name: "block size", reason: "\(blockFrames) frames; must be positive")
        }
        let fileName = path.split(separator: "/").last.map(String.init) ?? ""
        let extensionName = fileName.lastIndex(of: ".").map { fileName[fileName.index(after: $0)...].lowercased() } ?? ""
        let raw = raw ?? (["raw", "pcm"].contains(extensionName) ? RawPCMFormat() : nil)
        var info = SF_INFO()
        if let raw {
            try Self.check(rate: raw.sampleRate, channels: raw.channels, path: path)
            info.samplerate = Int32(raw.sampleRate)
            info.channels = Int32(raw.channels)
            info.format = Int32(SF_FORMAT_RAW | SF_FORMAT_PCM_16 | SF_ENDIAN_LITTLE)
        }
        guard let file = sf_open(path, Int32(SFM_READ), &info) else {
            throw AudioError.unreadableFile(path: path, reason: sndfileErrorMessage(nil))
        }
        do {
            try Self.check(rate: Int(info.samplerate), channels: Int(info.channels), path: path)
            guard info.frames > 0 else { throw AudioError.emptyFile(path: path) }
            if let expected = Self.announcedFrames(file, decodableFrames: Int(info.frames)) {
                throw AudioError.truncatedFile(path: path, expectedFrames: expected, actualFrames: Int(info.frames))
            }
        } catch {
            sf_close(file)
            throw error
        }
        self.path = path
        self.file = file
        fileSampleRate = Int(info.samplerate)
        fileChannels = Int(info.channels)
        fileFrames = Int(info.frames)
        self.blockFrames = blockFrames
        interleaved = [Float](repeating: 0, count: blockFrames * Int(info.channels))
        resampler = fileSampleRate == AudioFormat.sampleRate
            ? nil
            : try Resampler(inputRate: fileSampleRate, outputRate: AudioFormat.sampleRate)
    }

    deinit { close() }

    private static func check(rate: Int, channels: Int, path: String) throws {
        guard (AudioFile.minimumSampleRate...AudioFile.maximumSampleRate).contains(rate) else {
            throw AudioError.unsupportedFormat(
                path: path,
                reason: "sample rate \(rate) Hz is outside \(AudioFile.minimumSampleRate)…\(AudioFile.maximumSampleRate) Hz")
        }
        guard (1...AudioFile.maximumChannels).contains(channels) else {
            throw AudioError.unsupportedFormat(
                path: path, reason: "\(channels) channels is outside 1…\(AudioFile.maximumChannels)")
        }
    }

    /// The frame count a chunk header announces when it is larger than what the file holds.
    ///
    /// libsndfile quietly shortens `frames` to the data present in a cut-off WAV/AIFF file and records the
    /// discrepancy in its log as `data : <announced> (should be <present>)`; that line is the only trace.
    /// Streaming writers that leave the size unknown (0 or ≥ 0x7FFFFFFF) are not treated as truncated.
    private static func announcedFrames(_ file: OpaquePointer, decodableFrames: Int) -> Int? {
        var log = [CChar](repeating: 0, count: 8192)
        let length = sf_command(file, Int32(SFC_GET_LOG_INFO), &log, Int32(log.count))
        guard length > 0 else { return nil }
        let text = String(decoding: log.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("data") && line.contains("(should be ") {
            let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            guard numbers.count == 2, numbers[0] > numbers[1], numbers[1] > 0, numbers[0] < 0x7FFF_FFFF else { continue }
            return Int(Double(decodableFrames) * Double(numbers[0]) / Double(numbers[1]))
        }
        return nil
    }

    private func close() {
        if let file { sf_close(file) }
        file = nil
    }

    /// Decodes the next block and returns it as 16 kHz mono (the resampler's tail after the last block).
    /// - Throws: `AudioError` naming the file when decoding fails or the file is shorter than announced.
    public func read() throws -> [Float]? {
        while !finished {
            guard let file else { return nil }
            let got = interleaved.withUnsafeMutableBufferPointer {
                Int(sf_readf_float(file, $0.baseAddress, sf_count_t(blockFrames)))
            }
            if got > 0 {
                framesRead += got
                let mono = downmix(count: got)
                let chunk = try resampler?.process(mono) ?? mono
                if !chunk.isEmpty { return chunk }
                continue
            }
            // End of data: distinguish a clean end from a decode error or a short file.
            let code = sf_error(file)
            if code != 0 {
                let message = sndfileErrorMessage(file)
                close()
                finished = true
                throw AudioError.unreadableFile(
                    path: path,
                    reason: "decoding failed after \(framesRead) of \(fileFrames) frames (truncated or corrupt): \(message)")
            }
            if framesRead < fileFrames {
                close()
                finished = true
                throw AudioError.truncatedFile(path: path, expectedFrames: fileFrames, actualFrames: framesRead)
            }
            close()
            finished = true
            if let tail = try resampler?.flush(), !tail.isEmpty { return tail }
        }
        return nil
    }

    private func downmix(count frames: Int) -> [Float] {
        let channels = fileChannels
        if channels == 1 { return Array(interleaved[0..<frames]) }
        var mono = [Float](repeating: 0, count: frames)
        let scale = 1 / Float(channels)
        interleaved.withUnsafeBufferPointer { input in
            for frame in 0..<frames {
                var sum: Float = 0
                let base = frame * channels
                for channel in 0..<channels { sum += input[base + channel] }
                mono[frame] = sum * scale
            }
        }
        return mono
    }
}
