import ASR
import Foundation

/// One utterance the hub is receiving: its frames go, in order, straight into a speech stream.
final class OpenUtterance {
    let id: UUID
    let site: String
    let satellite: String
    let room: String
    private(set) var assembler = UtteranceAssembler()
    /// When an `end` with missing frames arrived, the moment the utterance is given up.
    var giveUpAt: ContinuousClock.Instant?
    /// When its `start` arrived.
    let started: ContinuousClock.Instant
    /// The last time a message of this utterance arrived.
    private(set) var lastHeard: ContinuousClock.Instant
    private var stream: SpeechStream
    private var samples = 0
    private var processing = Duration.zero

    init(_ start: UtteranceStart, room: String, stream: SpeechStream, now: ContinuousClock.Instant) {
        id = start.utterance
        site = start.site
        satellite = start.satellite
        self.room = room
        self.stream = stream
        started = now
        lastHeard = now
    }

    /// Feeds the frame's samples, and those of any frames it unblocked, to the recognizer.
    func add(_ frame: AudioFrame, now: ContinuousClock.Instant) {
        lastHeard = now
        for chunk in assembler.add(frame) {
            samples += chunk.count
            let floats = AudioFrame.floats(chunk)
            processing += ContinuousClock().measure { stream.process(floats) }
        }
    }

    /// Records the frame count announced by `end`.
    func end(frames: Int, now: ContinuousClock.Instant) {
        lastHeard = now
        assembler.end(frames: frames)
    }

    /// Ends recognition: the result (intent nil when nothing was recognized confidently).
    func finish() -> SatelliteResult {
        var result: RecognitionResult?
        processing += ContinuousClock().measure { result = stream.finish() }
        return SatelliteResult(
            utterance: id, site: site, room: room, text: result?.text, intent: result?.intent.intent,
            slots: result?.intent.slots ?? [:], confidence: (Double(result?.confidence ?? 0) * 1000).rounded() / 1000,
            audioSeconds: Double(samples) / Double(UtteranceStart.sampleRate),
            milliseconds: (processing.milliseconds * 10).rounded() / 10)
    }
}
