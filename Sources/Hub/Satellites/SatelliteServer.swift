import ASR
import Foundation
import Home
import Logging

/// The hub's side of the satellites: receives utterances over MQTT, recognizes them in the context
/// of the satellite's room, carries out one command per room and window, and replies.
///
/// Subscribes to `hub/+/audio/#`. Each utterance's frames stream into a ``SpeechStream`` as they arrive
/// (reordered and deduplicated by sequence number). At `end` the result joins its room's
/// ``RoomWindow``; when the window closes the most confident command is carried out through
/// ``IntentHandler`` with the room as context `area`, published on `hub/intent/<name>`, and every
/// satellite of the group gets its `hub/<site>/result`. Utterance ids already handled are ignored,
/// so QoS 1 redeliveries never act twice.
final class SatelliteServer {
    /// Builds the recognizer for a room (the room is the decoder's context `area`).
    typealias RecognizerFactory = (_ room: String) throws -> SpeechRecognizer

    private enum Event: Sendable {
        case message(MQTTClient.Message)
        case tick
    }

    private let settings: SatelliteServerSettings
    private let store: HomeStore
    private let handler: IntentHandler
    private let makeRecognizer: RecognizerFactory
    private let logger: Logger
    private var recognizers: [String: SpeechRecognizer] = [:]
    /// The registry vocabulary `recognizers` were compiled with.
    private var vocabulary: RegistryVocabulary?
    private var open: [UUID: OpenUtterance] = [:]
    private var handled = RecentUtterances()
    private var rooms: RoomWindow<SatelliteResult>
    private var client: MQTTClient?

    /// Creates a server.
    /// - Parameters:
    ///   - settings: the broker and the waiting times.
    ///   - store: the registry, which maps sites to rooms.
    ///   - plugins: the plugins that drive the devices.
    ///   - logger: where utterances, results and failures are logged.
    ///   - makeRecognizer: builds the recognizer for one room.
    init(settings: SatelliteServerSettings, store: HomeStore, plugins: PluginRegistry, logger: Logger,
         makeRecognizer: @escaping RecognizerFactory) {
        self.settings = settings
        self.store = store
        self.handler = IntentHandler(store: store, plugins: plugins, logger: logger)
        self.logger = logger
        self.makeRecognizer = makeRecognizer
        rooms = RoomWindow(window: settings.dedupWindow)
    }

    /// Compiles a recognizer for every room, then serves until the task is cancelled; commands still
    /// waiting for their window are carried out before it returns.
    /// - Throws: ``HomeError`` if the broker options are unusable, or the recognizer's error.
    func run() async throws {
        for room in try store.rooms() { _ = try recognizer(for: room.name) }
        let client = try MQTTClient(options: settings.broker, subscriptions: [SatelliteTopics.allAudio], logger: logger)
        self.client = client
        try client.start()
        let (events, input) = AsyncStream.makeStream(of: Event.self)
        let forward = Task {
            for await message in client.messages { input.yield(.message(message)) }
            input.finish()
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(50))
                input.yield(.tick)
            }
        }
        await withTaskCancellationHandler {
            for await event in events {
                switch event {
                case .message(let message): await receive(message)
                case .tick: await expire(now: .now)
                }
            }
        } onCancel: {
            input.finish()
        }
        ticker.cancel()
        forward.cancel()
        for group in rooms.drain() { await carryOut(group) }
        _ = await client.waitUntilDelivered(timeout: .seconds(2))
        client.stop()
    }

    // MARK: - Receiving

    private func receive(_ message: MQTTClient.Message) async {
        guard let (site, kind) = SatelliteTopics.parseAudio(message.topic) else { return }
        let now = ContinuousClock.now
        do {
            switch kind {
            case .start:
                begin(try SatelliteJSON.decode(UtteranceStart.self, from: message.payload, topic: message.topic), site: site, now: now)
            case .frame:
                let frame = try AudioFrame(decoding: message.payload)
                guard let utterance = open[frame.utterance] else { return }
                utterance.add(frame, now: now)
                if utterance.assembler.isComplete { await finish(utterance, now: now) }
            case .end:
                let end = try SatelliteJSON.decode(UtteranceEnd.self, from: message.payload, topic: message.topic)
                guard let utterance = open[end.utterance] else { return }
                utterance.end(frames: end.frames, now: now)
                if utterance.assembler.isComplete {
                    await finish(utterance, now: now)
                } else {
                    utterance.giveUpAt = now + settings.missingFrameGrace
                }
            }
        } catch {
            logger.error("\(message.topic): \(error)")
        }
    }

    /// Opens an utterance, or answers at once with an error for an unknown site or format.
    private func begin(_ start: UtteranceStart, site: String, now: ContinuousClock.Instant) {
        let id = start.utterance
        guard start.site == site else {
            logger.error("utterance \(id): start names site '\(start.site)' but came on '\(site)'; ignored")
            return
        }
        guard !handled.contains(id), open[id] == nil else {
            logger.debug("utterance \(id) from '\(site)' was already received (redelivery); ignored")
            return
        }
        do {
            try start.validate()
            let room: String
            do {
                room = try store.room(named: site).name
            } catch {
                throw SatelliteError("site '\(site)' is not a room of this home: \(error) (start the satellite with --site ROOM)")
            }
            open[id] = OpenUtterance(start, room: room, stream: try recognizer(for: room).makeStream(), now: now)
            logger.debug("utterance \(id) from '\(site)' (room \(room)) started")
        } catch {
            handled.insert(id)
            logger.error("utterance \(id) from '\(site)': \(error)")
            publish(SatelliteResult(utterance: id, site: site, error: "\(error)"), to: SatelliteTopics.result(site: site))
        }
    }

    /// The room's recognizer, compiled again when the registry's names changed since the last one.
    private func recognizer(for room: String) throws -> SpeechRecognizer {
        let current = try RegistryVocabulary(store)
        if current != vocabulary {
            if vocabulary != nil { logger.notice("the registry's rooms or devices changed: compiling the grammar again") }
            recognizers = [:]
            vocabulary = current
        }
        if let recognizer = recognizers[room] { return recognizer }
        let recognizer = try makeRecognizer(room)
        recognizers[room] = recognizer
        return recognizer
    }

    /// Drops utterances whose missing frames never came or whose satellite fell silent, then carries
    /// out the rooms whose window has closed.
    private func expire(now: ContinuousClock.Instant) async {
        for utterance in open.values {
            let error: String
            if let giveUpAt = utterance.giveUpAt, now >= giveUpAt {
                let missing = utterance.assembler.missing
                error = "incomplete audio: \(missing.count) of \(utterance.assembler.expected ?? 0) frames never arrived (first missing: \(missing.first ?? 0))"
            } else if now - utterance.lastHeard >= settings.idleTimeout {
                error = "incomplete audio: no message for \(settings.idleTimeout) and no end"
            } else {
                continue
            }
            open[utterance.id] = nil
            handled.insert(utterance.id)
            logger.error("utterance \(utterance.id) from '\(utterance.site)' dropped: \(error)")
            publish(SatelliteResult(utterance: utterance.id, site: utterance.site, room: utterance.room, error: error),
                    to: SatelliteTopics.result(site: utterance.site))
        }
        for group in rooms.due(now: now, holding: { stillHearing($0, now: now) }) { await carryOut(group) }
    }

    /// Whether another satellite of the group's room started an utterance within the window and is still
    /// sending it: the group then waits for it, for at most one more window.
    private func stillHearing(_ group: RoomWindow<SatelliteResult>.Group, now: ContinuousClock.Instant) -> Bool {
        guard now < group.deadline + settings.dedupWindow else { return false }
        return open.values.contains { utterance in
            utterance.room == group.room && utterance.started <= group.deadline
                && !group.members.contains { $0.satellite == utterance.satellite }
        }
    }

    // MARK: - Acting

    private func finish(_ utterance: OpenUtterance, now: ContinuousClock.Instant) async {
        open[utterance.id] = nil
        handled.insert(utterance.id)
        let result = utterance.finish()
        logger.info("utterance \(utterance.id): \(result.summary)")
        guard result.intent != nil else {
            publish(result, to: SatelliteTopics.result(site: result.site))
            return
        }
        if let closed = rooms.add(result, satellite: utterance.satellite, room: utterance.room, confidence: result.confidence, now: now) {
            await carryOut(closed)
        }
    }

    /// Carries out the group's most confident command once and answers every satellite of the group.
    private func carryOut(_ group: RoomWindow<SatelliteResult>.Group) async {
        let best = group.best.item
        guard let intent = best.intent else { return }
        var response: String?
        var failure: String?
        do {
            let request = IntentRequest(
                name: intent, slots: best.slots.mapValues(IntentValue.init), text: best.text ?? "", source: .voice,
                context: ["area": group.room])
            response = try await handler.handle(request).response
        } catch {
            failure = "\(error)"
        }
        publish(PublishedIntent(intent: intent, slots: best.slots, site: best.site, room: group.room, text: best.text ?? "",
                                confidence: best.confidence, utterance: best.utterance),
                to: SatelliteTopics.intent(intent))
        for member in group.members {
            var result = member.item
            result.response = response
            result.error = failure
            result.executed = result.utterance == best.utterance
            result.duplicateOf = result.executed ? nil : best.utterance
            logger.notice("\(result.summary)")
            publish(result, to: SatelliteTopics.result(site: result.site))
        }
    }

    private func publish<T: Encodable>(_ value: T, to topic: String) {
        do {
            try client?.publish(SatelliteJSON.encode(value), to: topic)
        } catch {
            logger.error("cannot publish on '\(topic)': \(error)")
        }
    }
}
