import ASR

/// Decodes a command while it is being spoken, so little is left to do at its endpoint.
///
/// A stream starts where the command's audio will start (an utterance onset, or the end of the wake
/// phrase when the command follows it without a pause) and is fed every later chunk. At the endpoint
/// the command's audio is `[lower, endpoint)`: if the stream started at `lower` it has decoded exactly
/// that audio and only `finish()` remains; otherwise the audio is decoded in one go from the ring.
/// Either way the result is the same.
struct EarlyDecoder {
    let recognizer: SpeechRecognizer
    private var live: (start: Int, stream: SpeechStream)?

    init(recognizer: SpeechRecognizer) { self.recognizer = recognizer }

    /// Starts decoding at stream position `start`, catching up on the ring's samples since then.
    mutating func start(at start: Int, ring: AudioRing) {
        var stream = recognizer.makeStream()
        stream.process(ring.slice(start..<ring.position))
        live = (start, stream)
    }

    /// Feeds the chunk just appended to the ring.
    mutating func process(_ chunk: [Float]) {
        live?.stream.process(chunk)
    }

    /// Forgets the stream in progress.
    mutating func cancel() { live = nil }

    /// The command in `[lower, ring.position)`, decoded like the live stream (primed by room tone, which
    /// `SpeechRecognizer.recognize(samples:)` leaves out before a quiet start).
    mutating func finish(from lower: Int, ring: AudioRing) -> RecognitionResult? {
        defer { live = nil }
        if var live, live.start == lower { return live.stream.finish() }
        var stream = recognizer.makeStream()
        stream.process(ring.slice(lower..<ring.position))
        return stream.finish()
    }
}
