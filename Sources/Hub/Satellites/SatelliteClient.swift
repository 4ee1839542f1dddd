import Audio
import Foundation
import Home
import Logging
import Synchronization

/// A satellite: listens to a microphone or a file, publishes each utterance the voice activity detector
/// finds, and hands back the hub's results for them.
final class SatelliteClient: Sendable {
    /// What the satellite is and how it listens.
    struct Settings: Sendable {
        /// The site (room) name used in the topics.
        var site: String
        /// The endpointing settings.
        var vad = VADConfiguration()
        /// Whether a file is read at real time (a microphone always is).
        var realTime = true
        /// How long to wait for the broker at start and for the hub's last results at the end.
        var timeout: Duration = .seconds(15)
    }

    private let settings: Settings
    private let client: MQTTClient
    private let logger: Logger
    /// Utterances published and not yet answered.
    private let pending = Mutex<Set<UUID>>([])
    private let stopped = Atomic<Bool>(false)

    /// Creates a satellite on `broker`.
    /// - Throws: ``SatelliteError`` for an unusable site, ``HomeError`` for unusable broker options.
    init(settings: Settings, broker: MQTTClientOptions, logger: Logger) throws {
        try SatelliteTopics.validate(site: settings.site)
        self.settings = settings
        self.logger = logger
        client = try MQTTClient(options: broker, subscriptions: [SatelliteTopics.result(site: settings.site)], logger: logger)
    }

    /// Streams `source` until it ends (or the task is cancelled), then waits for the last results.
    /// - Parameter onResult: called with each result the hub sends for one of this satellite's utterances.
    /// - Returns: the utterances that got no result in time.
    /// - Throws: ``SatelliteError`` when the broker is unreachable at start, or the source's `AudioError`.
    func run(source: any AudioSource, onResult: @escaping @Sendable (SatelliteResult) -> Void) async throws -> Set<UUID> {
        try client.start()
        defer { client.stop() }
        guard await client.waitUntilConnected(timeout: settings.timeout) else {
            throw SatelliteError("mqtt broker \(client.options.broker) unreachable for \(settings.timeout)")
        }
        let listener = Task { [self] in
            for await message in client.messages {
                do {
                    let result = try SatelliteJSON.decode(SatelliteResult.self, from: message.payload, topic: message.topic)
                    guard self.pending.withLock({ $0.contains(result.utterance) }) else { continue }
                    onResult(result)
                    // Only now: `run` returns once nothing is pending.
                    _ = self.pending.withLock { $0.remove(result.utterance) }
                } catch {
                    self.logger.error("\(error)")
                }
            }
        }
        defer { listener.cancel() }
        nonisolated(unsafe) let source = source
        try await withTaskCancellationHandler {
            try await Self.onOwnThread { try self.stream(source) }
        } onCancel: {
            stopped.store(true, ordering: .relaxed)
        }
        let deadline = ContinuousClock.now + settings.timeout
        while !pending.withLock({ $0.isEmpty }), ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return pending.withLock { $0 }
    }

    /// Reads, endpoints and publishes until the source ends or the satellite is stopped (blocking).
    private func stream(_ source: any AudioSource) throws {
        var sender = try UtteranceSender(site: settings.site, client: client, vad: settings.vad) { [self] id in
            self.pending.withLock { _ = $0.insert(id) }
        }
        let started = ContinuousClock.now
        var samples = 0
        var failing = false
        while !stopped.load(ordering: .relaxed), let chunk = try source.read() {
            samples += chunk.count
            do {
                try sender.process(chunk)
                if failing { logger.notice("publishing again") }
                failing = false
            } catch {
                if !failing { logger.warning("\(error); utterances are lost until the broker is back") }
                failing = true
            }
            if settings.realTime {
                let due = started + .milliseconds(samples * 1000 / UtteranceStart.sampleRate)
                let wait = due - ContinuousClock.now
                if wait > .zero { Thread.sleep(forTimeInterval: Double(wait.milliseconds) / 1000) }
            }
        }
        try sender.finish()
    }

    /// Runs blocking work on its own thread, off the cooperative pool.
    private static func onOwnThread(_ body: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
