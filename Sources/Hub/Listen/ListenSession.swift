import ASR
import Audio
import Foundation
import Home

/// The live loop: audio source → wake phrase → command (VAD endpoint) → intent → plugins → response.
///
/// Runs the same way over a microphone and over a recording. The turn logic is `TurnMachine`; this
/// type feeds it audio, recognizes and carries out the commands it releases, logs each turn as an
/// event and hands the turns to the `StatusLine`.
final class ListenSession {
    struct Settings {
        var turns = TurnMachine.Settings()
        var vad = VADConfiguration()
        /// Audio kept before a command's speech when it is recognized, in samples.
        var padding = AudioFormat.sampleRate / 10
    }

    private let source: any AudioSource
    private let spotter: KeywordSpotter?
    private let recognizer: SpeechRecognizer
    private let store: HomeStore
    private let plugins: PluginRegistry
    private let speaker: Speaker?
    private let output: StatusLine
    private let settings: Settings

    init(source: any AudioSource, spotter: KeywordSpotter?, recognizer: SpeechRecognizer, store: HomeStore,
         plugins: PluginRegistry, speaker: Speaker?, output: StatusLine, settings: Settings) {
        self.source = source
        self.spotter = spotter
        self.recognizer = recognizer
        self.store = store
        self.plugins = plugins
        self.speaker = speaker
        self.output = output
        self.settings = settings
    }

    /// Listens until the source ends, `stop` is requested or the task is cancelled (`hub serve`'s
    /// shutdown).
    /// - Throws: `AudioError` when the source fails, or an error of the event log.
    func run(stop: StopSignal?) async throws {
        var machine = TurnMachine(settings: settings.turns)
        var vad = try VoiceActivityDetector(config: settings.vad)
        var spotting = spotter?.makeStream()
        var decoder = EarlyDecoder(recognizer: recognizer)
        let seconds = Int(settings.vad.maximumUtteranceSeconds) + settings.turns.commandTimeout / AudioFormat.sampleRate + 5
        var ring = AudioRing(capacity: seconds * AudioFormat.sampleRate)
        output.update(settings.turns.wakeEnabled ? .listening : .awake, levelDB: -90, force: true)
        var stopped: Bool { stop?.isRequested == true || Task.isCancelled }
        while !stopped, let chunk = try source.read() {
            ring.append(chunk)
            decoder.process(chunk)
            let detections = spotting?.process(chunk) ?? []
            let events = vad.process(chunk)
            let outputs = machine.advance(to: ring.position, detections: detections, vad: events, speaking: vad.isSpeaking)
            startDecoding(&decoder, outputs: outputs, events: events, phase: machine.phase, speaking: vad.isSpeaking, ring: ring)
            try await perform(outputs, decoder: &decoder, ring: ring)
            output.update(activity(machine.phase), levelDB: Self.level(chunk))
        }
        if !stopped {
            // The end of a recording: finish the last utterance as if silence followed.
            let detections = spotting?.finish() ?? []
            let end = ring.position + settings.turns.releaseDelay + settings.turns.commandTimeout + 1
            let outputs = machine.advance(to: end, detections: detections, vad: vad.flush(), speaking: false)
            try await perform(outputs, decoder: &decoder, ring: ring)
        }
        output.clear()
    }

    /// Where a command's audio starts: a little before its speech, never inside the wake phrase.
    private func lower(speech: Int, wake: Detection?) -> Int {
        max(speech - settings.padding, wake?.endSample ?? 0)
    }

    /// Starts early decoding where a command may begin: at an utterance onset while a command is
    /// awaited, or at the end of a wake phrase heard while the speaker goes on talking.
    private func startDecoding(_ decoder: inout EarlyDecoder, outputs: [TurnMachine.Output], events: [VADEvent],
                               phase: TurnMachine.Phase, speaking: Bool, ring: AudioRing) {
        let wakeEnd: Int?
        switch phase {
        case .idle where settings.turns.wakeEnabled: return
        case .awake(let end, _): wakeEnd = end
        default: wakeEnd = nil
        }
        for case let .wake(detection) in outputs where speaking {
            decoder.start(at: detection.endSample, ring: ring)
        }
        for case let .speechStarted(at) in events {
            decoder.start(at: max(at - settings.padding, wakeEnd ?? 0), ring: ring)
        }
    }

    private func activity(_ phase: TurnMachine.Phase) -> StatusLine.Activity {
        guard settings.turns.wakeEnabled else { return .awake }
        switch phase {
        case .idle: return .listening
        case .awake: return .awake
        case .followUp: return .followUp
        }
    }

    private func perform(_ outputs: [TurnMachine.Output], decoder: inout EarlyDecoder, ring: AudioRing) async throws {
        for item in outputs {
            switch item {
            case .wake:
                output.update(.awake, levelDB: -90, force: true)
            case .timeout(let wake):
                let seconds = Double(settings.turns.commandTimeout) / Double(AudioFormat.sampleRate)
                var turn = ListenTurn(wakeSeconds: wake.end, wakeScore: wake.score)
                turn.error = String(format: "no command heard within %.0f s of the wake word", seconds)
                try store.log(Event(source: .voice, text: "", error: turn.error))
                try output.turn(turn)
                decoder.cancel()
            case let .command(range, endpoint, wake):
                try await command(range, endpoint: endpoint, wake: wake, decoder: &decoder, ring: ring)
            }
        }
    }

    /// Recognizes and carries out one command (its audio runs from a little before its speech to the
    /// endpoint, the trailing silence included); `endpoint` is the stream position its end was decided at.
    private func command(_ range: Range<Int>, endpoint: Int, wake: Detection?, decoder: inout EarlyDecoder,
                         ring: AudioRing) async throws {
        output.update(.thinking, levelDB: -90, force: true)
        let clock = ContinuousClock()
        let started = clock.now
        let recognized = decoder.finish(from: lower(speech: range.lowerBound, wake: wake), ring: ring)
        let rate = Double(AudioFormat.sampleRate)
        var turn = ListenTurn(wakeSeconds: wake?.end, wakeScore: wake?.score)
        turn.startSeconds = Double(range.lowerBound) / rate
        turn.endSeconds = Double(range.upperBound) / rate
        if let result = recognized {
            turn.text = result.text
            turn.intent = result.intent.intent
            turn.slots = result.intent.slots
            turn.confidence = result.confidence
            do {
                let outcome = try await IntentHandler(store: store, plugins: plugins)
                    .handle(IntentRequest(match: result.intent, text: result.text, source: .voice))
                turn.response = outcome.response
            } catch {
                turn.error = "\(error)"
            }
        } else {
            turn.error = "no command recognized"
            try store.log(Event(source: .voice, text: "", error: turn.error))
        }
        // At the end of a recording the endpoint is the end of the audio, not the flush's horizon.
        turn.endpointMs = Double(min(endpoint, ring.position) - range.upperBound) / rate * 1000
        turn.processingMs = (clock.now - started).milliseconds
        try output.turn(turn)
        if let speaker {
            do {
                try speaker.say(turn.response ?? "Sorry, I didn't catch that.")
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
        }
    }

    /// The chunk's level in dBFS (RMS).
    private static func level(_ chunk: [Float]) -> Float {
        guard !chunk.isEmpty else { return -90 }
        let power = chunk.reduce(0) { $0 + $1 * $1 } / Float(chunk.count)
        return 10 * log10(max(power, 1e-9))
    }
}
