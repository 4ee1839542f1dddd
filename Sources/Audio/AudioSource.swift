// MARK: - AudioSource

/// A stream of 16 kHz mono `Float` samples in [-1, 1], read chunk by chunk.
///
/// Every source (a file, a microphone) delivers the same thing, so everything downstream (MFCC, voice
/// activity, recognition) treats them alike. Guarantees every implementation must keep:
/// - samples are 16 kHz mono, whatever the file or hardware delivers;
/// - `read()` returns the next chunk (possibly of varying length, never empty) or `nil` once the stream
///   has ended; after `nil` every further call returns `nil`;
/// - errors are `AudioError` values naming the file or device.
public protocol AudioSource: AnyObject {
    /// The rate of the samples `read()` returns: always `AudioFormat.sampleRate`.
    var sampleRate: Int { get }

    /// Returns the next chunk of samples, or `nil` at the end of the stream.
    /// - Throws: `AudioError` when the underlying file or device fails.
    func read() throws -> [Float]?
}

extension AudioSource {
    /// Always `AudioFormat.sampleRate`: sources convert before they deliver.
    public var sampleRate: Int { AudioFormat.sampleRate }

    /// The source's chunks as an asynchronous sequence: `for try await chunk in source.chunks { … }`.
    public var chunks: AudioChunks<Self> { AudioChunks(source: self) }
}

/// The format every `AudioSource` produces.
public enum AudioFormat {
    /// 16 kHz: the rate of every sample stream the hub processes.
    public static let sampleRate = 16_000
}

// MARK: - Async sequence

/// An `AudioSource` seen as an `AsyncSequence` of chunks; ends when the source returns `nil`.
public struct AudioChunks<Source: AudioSource>: AsyncSequence {
    /// One chunk of 16 kHz mono samples.
    public typealias Element = [Float]
    let source: Source

    /// An iterator reading from the source.
    public func makeAsyncIterator() -> Iterator { Iterator(source: source) }

    /// Reads the next chunk from the source on each `next()`.
    public struct Iterator: AsyncIteratorProtocol {
        let source: Source

        /// The next chunk, or nil at the end of the stream; throws on cancellation or source errors.
        public mutating func next() async throws -> [Float]? {
            try Task.checkCancellation()
            return try source.read()
        }
    }
}
