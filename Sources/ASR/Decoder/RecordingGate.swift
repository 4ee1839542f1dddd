import Audio

/// Where to look for the command in a long recording: voice activity picks the stretches worth
/// decoding, so seconds of silence or background noise cost almost nothing and cannot be mistaken
/// for a command.
///
/// Recordings shorter than `minimumSeconds` are decoded whole (the decoder's own silence and
/// garbage paths handle their edges). In longer ones, speech segments closer than `joinGapSeconds`
/// (a hesitation inside one command) form one span, each span is widened by `paddingSeconds` and
/// decoded on its own, and the most confident command wins. A span that starts within the first
/// `paddingSeconds * 2` reaches back to the start, because the detector learns the noise floor as
/// it goes and can miss the first syllable of a recording. When the detector hears no speech at all,
/// only the first `minimumSeconds` are decoded, for the same reason.
public struct RecordingGate: Sendable {
    /// Recordings shorter than this are decoded whole.
    public var minimumSeconds: Double = 4
    /// Gaps shorter than this join two speech segments into one span.
    public var joinGapSeconds: Double = 1
    /// Audio kept before and after each span.
    public var paddingSeconds: Double = 0.4
    /// The voice activity detector's settings.
    public var vad = VADConfiguration()

    public init() {}

    /// The sample ranges of `samples` to decode.
    /// - Throws: `AudioError.invalidParameter` for unusable VAD settings.
    public func spans(in samples: [Float]) throws -> [Range<Int>] {
        let rate = Double(AudioFormat.sampleRate)
        guard Double(samples.count) >= minimumSeconds * rate else { return [samples.indices] }
        let segments = try VoiceActivityDetector(config: vad).segments(in: samples)
        guard let first = segments.first else { return [0..<min(samples.count, Int(minimumSeconds * rate))] }
        var joined: [(start: Int, end: Int)] = [(first.startSample, first.endSample)]
        for segment in segments.dropFirst() {
            if Double(segment.startSample - joined[joined.count - 1].end) < joinGapSeconds * rate {
                joined[joined.count - 1].end = segment.endSample
            } else {
                joined.append((segment.startSample, segment.endSample))
            }
        }
        let padding = Int(paddingSeconds * rate)
        return joined.map { span in
            let start = span.start < 2 * padding ? 0 : span.start - padding
            return start..<min(samples.count, span.end + padding)
        }
    }
}

extension SpeechRecognizer {
    /// Recognizes the one command in a recording of any length (see `RecordingGate`), or nil when
    /// none is heard confidently.
    /// - Parameters:
    ///   - samples: the recording, 16 kHz mono.
    ///   - sourceRate: the rate it was recorded at, before conversion to 16 kHz.
    ///   - gate: where to look for the command.
    /// - Throws: `AudioError.invalidParameter` for unusable VAD settings in `gate`.
    public func recognize(recording samples: [Float], sourceRate: Int = AudioFormat.sampleRate,
                          gate: RecordingGate = RecordingGate()) throws -> RecognitionResult? {
        let spans = try gate.spans(in: samples)
        if spans == [samples.indices] { return recognize(samples: samples, sourceRate: sourceRate) }
        return spans.compactMap { recognize(samples: Array(samples[$0]), sourceRate: sourceRate) }
            .max { $0.confidence < $1.confidence }
    }
}
