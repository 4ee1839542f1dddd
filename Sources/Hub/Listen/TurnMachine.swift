import ASR
import Audio

/// The listen loop's turn state machine, in stream time (samples), without audio or devices.
///
/// idle → wake phrase heard → waiting for the command (timeout) → the command's speech segment ends
/// (VAD endpoint) → command → follow-up window (speech here is a command without the wake phrase)
/// → idle. A wake phrase heard in any state starts a new turn, but only at the start of an utterance
/// (within `wakeOffset` of the VAD's onset): words inside a command that sound like the wake phrase
/// neither cut the command nor start a turn. Speech segments are held until the
/// spotter has seen `releaseDelay` samples past their end, so a wake phrase at the start of a
/// segment is known before the segment is taken as a command.
struct TurnMachine {
    /// Durations in samples.
    struct Settings {
        /// Without the wake phrase every speech segment is a command.
        var wakeEnabled = true
        /// How long after the wake phrase a command may start.
        var commandTimeout = 5 * AudioFormat.sampleRate
        /// How long after a command another may follow without the wake phrase.
        var followUp = 4 * AudioFormat.sampleRate
        /// Shorter remains of a segment after the wake phrase are not a command (but its tail).
        var minimumCommand = AudioFormat.sampleRate / 2
        /// The wake phrase must start within this of an utterance's onset.
        var wakeOffset = AudioFormat.sampleRate / 2
        /// How far the spotter must have read past a segment's end before it is released.
        var releaseDelay = 0
    }

    /// Where the turn stands.
    enum Phase: Equatable {
        case idle
        case awake(wakeEnd: Int, deadline: Int)
        case followUp(until: Int)
    }

    /// What the loop must do.
    enum Output: Equatable {
        /// The wake phrase was heard.
        case wake(Detection)
        /// Recognize and carry out the speech in `range`; `endpoint` is where its end was decided.
        case command(range: Range<Int>, endpoint: Int, wake: Detection?)
        /// The wake phrase was heard but no command followed.
        case timeout(wake: Detection)
    }

    let settings: Settings
    private(set) var phase = Phase.idle
    private var wake: Detection?
    private var pending: [SpeechSegment] = []
    private var utteranceStart: Int?

    init(settings: Settings) { self.settings = settings }

    /// Advances to stream position `position` with what the spotter and the VAD reported up to it.
    /// - Parameter speaking: whether the VAD is inside an utterance (timeouts wait for it to end).
    mutating func advance(to position: Int, detections: [Detection], vad: [VADEvent], speaking: Bool) -> [Output] {
        var outputs: [Output] = []
        for case let .speechStarted(start) in vad { utteranceStart = start }
        if settings.wakeEnabled {
            for detection in detections {
                guard let utteranceStart, detection.startSample <= utteranceStart + settings.wakeOffset else { continue }
                wake = detection
                phase = .awake(wakeEnd: detection.endSample, deadline: detection.endSample + settings.commandTimeout)
                outputs.append(.wake(detection))
            }
        }
        for case let .speechEnded(segment) in vad { pending.append(segment) }
        while let segment = pending.first, position >= segment.endSample + settings.releaseDelay {
            pending.removeFirst()
            if let output = release(segment, at: position) { outputs.append(output) }
        }
        switch phase {
        case .awake(_, let deadline) where position > deadline && !speaking && pending.isEmpty:
            if let wake { outputs.append(.timeout(wake: wake)) }
            phase = .idle
            wake = nil
        case .followUp(let until) where position > until && !speaking && pending.isEmpty:
            phase = .idle
        default:
            break
        }
        return outputs
    }

    private mutating func release(_ segment: SpeechSegment, at position: Int) -> Output? {
        let start: Int
        switch phase {
        case .idle where !settings.wakeEnabled:
            start = segment.startSample
        case .idle:
            return nil
        case .awake(let wakeEnd, _):
            start = max(segment.startSample, wakeEnd)
        case .followUp(let until):
            guard segment.startSample <= until else {
                phase = .idle
                return nil
            }
            start = segment.startSample
        }
        guard segment.endSample - start >= settings.minimumCommand else { return nil }
        let output = Output.command(range: start..<segment.endSample, endpoint: position, wake: wake)
        wake = nil
        phase = settings.wakeEnabled ? .followUp(until: segment.endSample + settings.followUp) : .idle
        return output
    }
}
