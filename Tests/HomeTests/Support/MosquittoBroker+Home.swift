import BrokerSupport
import Foundation
@testable import Home

extension MosquittoBroker {
    /// Device config pointing the `mqtt` plugin at this broker.
    func config(_ extra: [String: String] = [:]) -> [String: String] {
        ["host": "127.0.0.1", "port": String(port)].merging(extra) { _, new in new }
    }

    /// A connection to this broker, for a test to watch or publish.
    func connect() throws -> MQTTConnection {
        try MQTTConnection(endpoint: MQTTEndpoint(config: config(), deviceName: "test"))
    }
}

/// Plays Zigbee2MQTT for one device: answers each message on `zigbee2mqtt/<name>/<request>` (`set` or
/// `get`) by publishing `reply` on `zigbee2mqtt/<name>`, on a background thread, `count` times.
final class FakeZigbee2MQTT: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var received: [String] = []

    init(broker: MosquittoBroker, device: String, request: String = "set", reply: String, count: Int = 1) throws {
        // Subscribed before init returns, so no command can slip past.
        nonisolated(unsafe) let connection = try broker.connect()
        try connection.subscribe(to: "zigbee2mqtt/\(device)/\(request)")
        Thread { [self] in
            for _ in 0..<count {
                guard let message = try? connection.nextMessage(timeout: 10) else { break }
                lock.withLock { received.append(String(decoding: message.payload, as: UTF8.self)) }
                try? connection.publish(Data(reply.utf8), to: "zigbee2mqtt/\(device)")
            }
            done.signal()
        }.start()
    }

    /// Waits for the fake to finish and returns the request payloads it saw.
    func payloads() -> [String] {
        done.wait()
        return lock.withLock { received }
    }
}
