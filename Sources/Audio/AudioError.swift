/// Everything that can go wrong in the Audio module, each case naming the file, device or value at fault.
public enum AudioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or decoded; `reason` is the decoder's own message.
    case unreadableFile(path: String, reason: String)
    /// The file decoded but holds no samples.
    case emptyFile(path: String)
    /// The file ended before the length its header announces.
    case truncatedFile(path: String, expectedFrames: Int, actualFrames: Int)
    /// The file's header describes audio that cannot be real (a rate of 0 Hz, 1000 channels, …).
    case unsupportedFormat(path: String, reason: String)
    /// A sample-rate conversion failed inside libsamplerate.
    case resampler(reason: String)
    /// An ALSA device could not be opened or configured.
    case device(name: String, reason: String)
    /// Reading from an open ALSA device failed and could not be recovered.
    case capture(device: String, reason: String)
    /// A parameter value is out of its valid range.
    case invalidParameter(name: String, reason: String)
    /// Serialised feature parameters could not be decoded.
    case invalidFeatureParameters(reason: String)
    /// A noise folder holds no usable recording (a second or more of sound).
    case noNoise(folder: String)

    /// A one-line message naming the file, device or value at fault.
    public var description: String {
        switch self {
        case let .unreadableFile(path, reason):
            "cannot read audio file '\(path)': \(reason)"
        case let .emptyFile(path):
            "audio file '\(path)' contains no samples"
        case let .truncatedFile(path, expected, actual):
            "audio file '\(path)' is truncated: header announces \(expected) frames but only \(actual) could be read"
        case let .unsupportedFormat(path, reason):
            "audio file '\(path)' has an unsupported format: \(reason)"
        case let .resampler(reason):
            "sample-rate conversion failed: \(reason)"
        case let .device(name, reason):
            "cannot open capture device '\(name)': \(reason) (list devices with `hub devices`)"
        case let .capture(device, reason):
            "capture from '\(device)' failed: \(reason)"
        case let .invalidParameter(name, reason):
            "invalid \(name): \(reason)"
        case let .invalidFeatureParameters(reason):
            "invalid feature parameters: \(reason)"
        case let .noNoise(folder):
            "no usable noise recording (WAV or FLAC, at least 1 s of sound) in '\(folder)'"
        }
    }
}
