import CMosquitto
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import Synchronization

/// A long-lived MQTT client that survives broker restarts and network drops.
///
/// The client runs its own network thread around `poll(2)` and libmosquitto's read, write and
/// keep-alive steps, not libmosquitto's `select(2)`-based loop, which aborts the process when a
/// descriptor is 1024 or above (a daemon with many open streams) or is closed under it.
///
/// - It reconnects by itself with exponential backoff (`MQTTClientOptions.reconnectDelay`) and
///   subscribes again to every topic of `subscriptions` after each (re)connection, so a restarted
///   broker that forgot the session still delivers.
/// - Messages arrive on ``messages``, in broker order, from every subscription.
/// - Publishes are QoS 1; ``waitUntilDelivered(timeout:)`` waits for the broker's acknowledgements.
///
/// Unlike the one-shot connection of the `mqtt` device plugin, this client is thread-safe.
///
/// A started client keeps itself alive until ``stop()``: its network thread holds it, so libmosquitto's
/// callbacks never meet a client that is being deinitialized. Stop every client you start.
public final class MQTTClient: @unchecked Sendable {
    /// A message received on a subscribed topic.
    public struct Message: Sendable {
        /// The topic it was published to.
        public let topic: String
        /// The raw payload.
        public let payload: Data
        /// Whether the broker kept it as the topic's retained message.
        public let retained: Bool
    }

    /// Connection state shared with libmosquitto's thread.
    private struct State {
        var connected = false
        var connections = 0
        var pendingSubscriptions: Set<Int32> = []
        var unacknowledged: Set<Int32> = []
        /// Acknowledgements that arrived before `publish` recorded their message id.
        var earlyAcknowledgements: Set<Int32> = []
        var stopped = false
        /// Whether the network thread was started (and must be waited for on stop).
        var running = false
    }

    private static let libraryReady: Void = { mosquitto_lib_init() }()

    /// The options the client was created with.
    public let options: MQTTClientOptions
    /// Topic filters subscribed (QoS 1) on every connection.
    public let subscriptions: [String]
    /// Every message received on the subscriptions; finishes when the client stops.
    public let messages: AsyncStream<Message>

    private let continuation: AsyncStream<Message>.Continuation
    private let handle: OpaquePointer
    private let state = Mutex(State())
    private let logger: Logger
    /// Written to wake the network thread (a publish to send, a stop); read end first.
    private let wake: (read: Int32, write: Int32)
    /// Signalled when the network thread has finished.
    private let finished = DispatchSemaphore(value: 0)

    /// Creates a client; nothing is sent before ``start()``.
    /// - Parameters:
    ///   - options: broker, login, keep-alive and reconnect delays.
    ///   - subscriptions: topic filters (`hub/+/audio/#`) to subscribe to on every connection.
    ///   - logger: where connections, drops and reconnections are logged.
    /// - Throws: ``HomeError`` if libmosquitto cannot create a client or rejects the login.
    public init(options: MQTTClientOptions, subscriptions: [String] = [], logger: Logger = Logger(label: "hub.mqtt")) throws {
        Self.libraryReady
        self.options = options
        self.subscriptions = subscriptions
        self.logger = logger
        (messages, continuation) = AsyncStream.makeStream(of: Message.self)
        guard let handle = mosquitto_new(options.clientID, options.clientID == nil || options.cleanSession, nil) else {
            throw HomeError("mqtt: cannot create a client: \(String(cString: strerror(errno)))")
        }
        self.handle = handle
        var pipe: [Int32] = [-1, -1]
        guard Glibc.pipe(&pipe) == 0 else {
            mosquitto_destroy(handle)
            throw HomeError("mqtt: cannot create the wake-up pipe: \(String(cString: strerror(errno)))")
        }
        wake = (pipe[0], pipe[1])
        for end in pipe {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        mosquitto_threaded_set(handle, true)
        mosquitto_user_data_set(handle, Unmanaged.passUnretained(self).toOpaque())
        installCallbacks()
        if let username = options.username {
            try check(mosquitto_username_pw_set(handle, username, options.password), "set credentials")
        }
    }

    deinit {
        stop()
        mosquitto_destroy(handle)
        close(wake.read)
        close(wake.write)
    }

    // MARK: - Life cycle

    /// Starts the network thread, which connects and keeps reconnecting until ``stop()``.
    ///
    /// A broker that is down at start is not an error: the client retries with backoff.
    /// - Throws: ``HomeError`` if the host cannot be used at all.
    public func start() throws {
        let code = mosquitto_connect_async(handle, options.host, options.port, options.keepAlive)
        guard code == MOSQ_ERR_SUCCESS.rawValue || code == MOSQ_ERR_ERRNO.rawValue else {
            throw HomeError("mqtt broker \(options.broker): cannot connect: \(MosquittoStatus.reason(code))")
        }
        if code != MOSQ_ERR_SUCCESS.rawValue {
            logger.warning("mqtt broker \(options.broker) unreachable (\(MosquittoStatus.reason(code))); retrying with backoff")
        }
        let start = state.withLock { state in
            defer { state.running = !state.stopped }
            return !state.stopped
        }
        guard start else { return }
        // The thread's own reference, given up when it ends: deinit never runs while the callbacks can.
        let client = Unmanaged.passRetained(self)
        let thread = Thread {
            client.takeUnretainedValue().runNetwork()
            client.release()
        }
        thread.name = "mqtt network"
        thread.start()
    }

    /// Disconnects, stops the network thread and finishes ``messages``. Safe to call twice.
    public func stop() {
        let (first, running) = state.withLock { state in
            defer { state.stopped = true }
            return (!state.stopped, state.running)
        }
        guard first else { return }
        if running {
            wakeUp()
            finished.wait()
        }
        continuation.finish()
    }

    // MARK: - Network thread

    /// Reads, writes and keeps the connection alive until ``stop()``; reconnects with backoff after a
    /// drop or a failed attempt, then says goodbye to the broker.
    private func runNetwork() {
        var delay = options.reconnectDelay.lowerBound
        var connectionsSeen = 0
        while !isStopped {
            guard mosquitto_socket(handle) >= 0 else {
                // The backoff starts again only after a connection the broker accepted.
                let connections = connectionCount
                if connections != connectionsSeen {
                    connectionsSeen = connections
                    delay = options.reconnectDelay.lowerBound
                }
                waitForWakeUp(seconds: Int(delay))
                guard !isStopped else { break }
                _ = mosquitto_reconnect_async(handle)
                delay = min(max(delay * 2, 1), options.reconnectDelay.upperBound)
                continue
            }
            // An error has closed the socket already; the next turn waits and reconnects.
            _ = MosquittoPoll.step(handle, milliseconds: 1000, wake: wake.read)
            drainWakeUps()
        }
        sayGoodbye()
        finished.signal()
    }

    /// Sends DISCONNECT (briefly waiting for the socket to take it) so the broker drops the session cleanly.
    private func sayGoodbye() {
        guard mosquitto_socket(handle) >= 0, mosquitto_disconnect(handle) == MOSQ_ERR_SUCCESS.rawValue else { return }
        for _ in 0..<20 where mosquitto_socket(handle) >= 0 && mosquitto_want_write(handle) {
            var fd = pollfd(fd: mosquitto_socket(handle), events: Int16(POLLOUT), revents: 0)
            _ = Glibc.poll(&fd, 1, 50)
            guard mosquitto_loop_write(handle, 1) == MOSQ_ERR_SUCCESS.rawValue else { return }
        }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func wakeUp() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    private func drainWakeUps() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wake.read, &buffer, buffer.count) > 0 {}
    }

    /// Sleeps `seconds`, or less when woken.
    private func waitForWakeUp(seconds: Int) {
        var fd = pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)
        _ = Glibc.poll(&fd, 1, Int32(seconds * 1000))
        drainWakeUps()
    }

    // MARK: - Publishing

    /// Publishes `payload` on `topic` with QoS 1; the network thread sends it.
    /// - Throws: ``HomeError`` when the client is not connected or the message is refused.
    public func publish(_ payload: Data, to topic: String, retain: Bool = false) throws {
        // libmosquitto would queue it until the next connection; a caller acting now needs to know.
        guard state.withLock({ $0.connected }) else {
            try check(MOSQ_ERR_NO_CONN.rawValue, "publish to '\(topic)'")
            return
        }
        var mid: Int32 = 0
        let code = payload.withUnsafeBytes { bytes in
            mosquitto_publish(handle, &mid, topic, Int32(bytes.count), bytes.baseAddress, 1, retain)
        }
        try check(code, "publish to '\(topic)'")
        state.withLock { state in
            if state.earlyAcknowledgements.remove(mid) == nil { state.unacknowledged.insert(mid) }
        }
        wakeUp()
    }

    /// How many times the client has connected (1 after the first connection, 2 after a reconnection…).
    public var connectionCount: Int { state.withLock { $0.connections } }

    /// Waits until the client is connected and the broker has acknowledged every subscription.
    /// - Returns: false if that did not happen within `timeout`.
    public func waitUntilConnected(timeout: Duration) async -> Bool {
        await poll(timeout: timeout) { $0.connected && $0.pendingSubscriptions.isEmpty }
    }

    /// Waits until the broker has acknowledged every publish so far.
    /// - Returns: false if some were still unacknowledged after `timeout`.
    public func waitUntilDelivered(timeout: Duration) async -> Bool {
        await poll(timeout: timeout) { $0.unacknowledged.isEmpty }
    }

    private func poll(timeout: Duration, until done: (State) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !state.withLock({ done($0) }) {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    // MARK: - Callbacks (on the network thread)

    private func installCallbacks() {
        mosquitto_connect_callback_set(handle) { _, context, code in
            MQTTClient.from(context).connected(code: code)
        }
        mosquitto_disconnect_callback_set(handle) { _, context, code in
            MQTTClient.from(context).disconnected(code: code)
        }
        mosquitto_publish_callback_set(handle) { _, context, mid in
            MQTTClient.from(context).state.withLock { state in
                if state.unacknowledged.remove(mid) == nil { state.earlyAcknowledgements.insert(mid) }
            }
        }
        mosquitto_subscribe_callback_set(handle) { _, context, mid, _, _ in
            MQTTClient.from(context).subscribed(mid: mid)
        }
        mosquitto_message_callback_set(handle) { _, context, message in
            guard let message = message?.pointee else { return }
            MQTTClient.from(context).continuation.yield(Message(
                topic: String(cString: message.topic),
                payload: message.payload.map { Data(bytes: $0, count: Int(message.payloadlen)) } ?? Data(),
                retained: message.retain))
        }
    }

    private func connected(code: Int32) {
        guard code == 0 else {
            logger.error("mqtt broker \(options.broker) refused the connection: \(String(cString: mosquitto_connack_string(code)))")
            return
        }
        state.withLock { state in
            state.connected = true
            state.connections += 1
            state.pendingSubscriptions = []
            for topic in subscriptions {
                var mid: Int32 = 0
                let result = mosquitto_subscribe(handle, &mid, topic, 1)
                if result == MOSQ_ERR_SUCCESS.rawValue {
                    state.pendingSubscriptions.insert(mid)
                } else {
                    logger.error("mqtt broker \(options.broker): cannot subscribe to '\(topic)': \(MosquittoStatus.reason(result))")
                }
            }
        }
        if subscriptions.isEmpty { logger.notice("mqtt: connected to \(options.broker)") }
    }

    private func subscribed(mid: Int32) {
        let done = state.withLock { state in
            state.pendingSubscriptions.remove(mid) != nil && state.pendingSubscriptions.isEmpty
        }
        if done { logger.notice("mqtt: connected to \(options.broker), subscribed to \(subscriptions.joined(separator: ", "))") }
    }

    private func disconnected(code: Int32) {
        state.withLock { $0.connected = false }
        if code != 0 {
            logger.warning("mqtt: lost the connection to \(options.broker) (\(MosquittoStatus.reason(code))); reconnecting with backoff")
        }
    }

    // MARK: - Errors

    private func check(_ code: Int32, _ action: String) throws {
        try MosquittoStatus.check(code, broker: options.broker, action)
    }

    private static func from(_ context: UnsafeMutableRawPointer?) -> MQTTClient {
        Unmanaged<MQTTClient>.fromOpaque(context!).takeUnretainedValue()
    }
}
