import Audio
import Foundation
import Home

/// Cuts a satellite's audio into utterances with the voice activity detector and publishes each as
/// `start`, numbered `frame`s of 100 ms, and `end` on `hub/<site>/audio/…`.
///
/// The detector confirms speech a little after it begins, so recent audio is kept and each utterance
/// starts `preRoll` before the detected onset; it ends `tail` after the last speech frame.
struct UtteranceSender {
    static let frameSamples = UtteranceStart.sampleRate / 10
    static let preRoll = UtteranceStart.sampleRate * 3 / 10
    static let tail = UtteranceStart.sampleRate / 5

    let site: String
    /// This satellite's id in `start` messages: random, one per satellite process.
    let satellite = UUID().uuidString
    let client: MQTTClient
    /// Called with each utterance id before its `start` is published.
    let onStart: (UUID) -> Void
    private var detector: VoiceActivityDetector
    private var history: [Float] = []
    /// The stream position of `history[0]`.
    private var historyStart = 0
    private var current: (id: UUID, next: Int, sequence: UInt32)?

    init(site: String, client: MQTTClient, vad: VADConfiguration, onStart: @escaping (UUID) -> Void) throws {
        self.site = site
        self.client = client
        self.onStart = onStart
        detector = try VoiceActivityDetector(config: vad)
    }

    /// Takes the next chunk of 16 kHz mono audio; publishes what belongs to an utterance.
    /// - Throws: ``HomeError`` when a publish is refused (the broker is gone for now); the utterance
    ///   in progress is abandoned (the hub drops it as incomplete).
    mutating func process(_ chunk: [Float]) throws {
        history += chunk
        defer {
            let keep = max(historyStart, min(current?.next ?? total, total) - Self.preRoll)
            history.removeFirst(keep - historyStart)
            historyStart = keep
        }
        let events = detector.process(chunk)
        do {
            try handle(events)
            if current != nil { try send(upTo: total, partial: false) }
        } catch {
            current = nil
            throw error
        }
    }

    /// Ends the stream, closing an utterance in progress.
    mutating func finish() throws {
        try handle(detector.flush())
        if current != nil { try end() }
    }

    private var total: Int { historyStart + history.count }

    private mutating func handle(_ events: [VADEvent]) throws {
        for event in events {
            switch event {
            case .speechStarted(let sample):
                if current != nil { try end() }
                let id = UUID()
                onStart(id)
                try publish(SatelliteJSON.encode(UtteranceStart(utterance: id, site: site, satellite: satellite)), .start)
                current = (id, max(historyStart, sample - Self.preRoll), 0)
            case .speechEnded(let segment):
                guard current != nil else { continue }
                try send(upTo: min(total, segment.endSample + Self.tail), partial: true)
                try end()
            }
        }
    }

    /// Publishes the current utterance's audio up to stream position `limit`, in whole frames unless `partial`.
    private mutating func send(upTo limit: Int, partial: Bool) throws {
        guard var utterance = current else { return }
        defer { current = utterance }
        while utterance.next < limit, partial || limit - utterance.next >= Self.frameSamples {
            let end = min(limit, utterance.next + Self.frameSamples)
            let samples = Array(history[(utterance.next - historyStart)..<(end - historyStart)])
            let frame = AudioFrame(utterance: utterance.id, sequence: utterance.sequence, floats: samples)
            try publish(frame.encoded(), .frame)
            utterance.next = end
            utterance.sequence += 1
        }
    }

    private mutating func end() throws {
        guard let utterance = current else { return }
        current = nil
        try publish(SatelliteJSON.encode(UtteranceEnd(utterance: utterance.id, frames: Int(utterance.sequence))), .end)
    }

    private func publish(_ payload: Data, _ kind: SatelliteTopics.AudioKind) throws {
        try client.publish(payload, to: SatelliteTopics.audio(site: site, kind))
    }
}
