import CMosquitto
import Foundation

/// A blocking libmosquitto client for one short exchange, driven on the calling thread by
/// ``MosquittoPoll``. Not thread-safe: create, use and drop it on one thread.
final class MQTTConnection {
    /// A message received on a subscribed topic.
    struct Message {
        var topic: String
        var payload: Data
        var retained: Bool
    }

    private static let libraryReady: Void = { mosquitto_lib_init() }()

    let endpoint: MQTTEndpoint
    private let handle: OpaquePointer
    private var connack: Int32?
    private var acknowledged: Set<Int32> = []
    private var received: [Message] = []

    /// Connects to the broker and waits for its CONNACK.
    /// - Throws: ``HomeError`` if the broker is unreachable, refuses, or does not answer in time.
    init(endpoint: MQTTEndpoint) throws {
        Self.libraryReady
        self.endpoint = endpoint
        guard let handle = mosquitto_new(nil, true, nil) else {
            throw HomeError("mqtt: cannot create a client: \(String(cString: strerror(errno)))")
        }
        self.handle = handle
        mosquitto_user_data_set(handle, Unmanaged.passUnretained(self).toOpaque())
        mosquitto_connect_callback_set(handle) { _, context, code in
            MQTTConnection.from(context).connack = code
        }
        mosquitto_publish_callback_set(handle) { _, context, mid in
            MQTTConnection.from(context).acknowledged.insert(mid)
        }
        mosquitto_subscribe_callback_set(handle) { _, context, mid, _, _ in
            MQTTConnection.from(context).acknowledged.insert(mid)
        }
        mosquitto_message_callback_set(handle) { _, context, message in
            guard let message = message?.pointee else { return }
            MQTTConnection.from(context).received.append(Message(
                topic: String(cString: message.topic),
                payload: message.payload.map { Data(bytes: $0, count: Int(message.payloadlen)) } ?? Data(),
                retained: message.retain))
        }
        if let username = endpoint.username {
            try check(mosquitto_username_pw_set(handle, username, endpoint.password), "set credentials")
        }
        let code = mosquitto_connect(handle, endpoint.host, endpoint.port, 30)
        guard code == MOSQ_ERR_SUCCESS.rawValue else {
            throw HomeError("mqtt broker \(endpoint.broker) unreachable: \(MosquittoStatus.reason(code))")
        }
        try run(until: { self.connack != nil }, timeout: endpoint.timeout, waitingFor: "the connection")
        try checkConnack()
    }

    /// Throws if the broker answered the connection with a refusal (bad login, …).
    private func checkConnack() throws {
        if let connack, connack != 0 {
            throw HomeError("mqtt broker \(endpoint.broker) refused the connection: \(String(cString: mosquitto_connack_string(connack)))")
        }
    }

    deinit {
        mosquitto_disconnect(handle)
        mosquitto_destroy(handle)
    }

    /// Publishes with QoS 1 and waits for the broker's acknowledgement.
    func publish(_ payload: Data, to topic: String, retain: Bool = false) throws {
        var mid: Int32 = 0
        let code = payload.withUnsafeBytes { bytes in
            mosquitto_publish(handle, &mid, topic, Int32(bytes.count), bytes.baseAddress, 1, retain)
        }
        try check(code, "publish to '\(topic)'")
        try run(until: { self.acknowledged.contains(mid) }, timeout: endpoint.timeout, waitingFor: "the publish to '\(topic)'")
    }

    /// Subscribes with QoS 1 and waits for the broker's acknowledgement.
    func subscribe(to topic: String) throws {
        var mid: Int32 = 0
        try check(mosquitto_subscribe(handle, &mid, topic, 1), "subscribe to '\(topic)'")
        try run(until: { self.acknowledged.contains(mid) }, timeout: endpoint.timeout, waitingFor: "the subscription to '\(topic)'")
    }

    /// The next message matching `accept`, or `nil` if none arrives within `timeout` seconds.
    /// Messages not accepted are dropped.
    func nextMessage(timeout: Double, where accept: (Message) -> Bool = { _ in true }) throws -> Message? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            while !received.isEmpty {
                let message = received.removeFirst()
                if accept(message) { return message }
            }
            guard Date() < deadline else { return nil }
            try loopOnce()
        }
    }

    // MARK: - Loop

    private func run(until done: () -> Bool, timeout: Double, waitingFor what: String) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !done() {
            guard Date() < deadline else {
                throw HomeError("mqtt broker \(endpoint.broker) did not answer within \(TemperatureUnit.number(timeout)) s (waiting for \(what))")
            }
            try loopOnce()
        }
    }

    private func loopOnce() throws {
        let code = MosquittoPoll.step(handle, milliseconds: 50)
        guard code == MOSQ_ERR_SUCCESS.rawValue else {
            try checkConnack()
            throw HomeError("mqtt broker \(endpoint.broker): connection lost (\(MosquittoStatus.reason(code)))")
        }
    }

    private func check(_ code: Int32, _ action: String) throws {
        try MosquittoStatus.check(code, broker: endpoint.broker, action)
    }

    private static func from(_ context: UnsafeMutableRawPointer?) -> MQTTConnection {
        Unmanaged<MQTTConnection>.fromOpaque(context!).takeUnretainedValue()
    }
}

extension MQTTConnection {
    /// Runs a blocking MQTT exchange on its own thread.
    static func exchange<T: Sendable>(
        with endpoint: MQTTEndpoint, _ body: @escaping @Sendable (MQTTConnection) throws -> T
    ) async throws -> T {
        try await BlockingWork.run { try body(MQTTConnection(endpoint: endpoint)) }
    }
}
