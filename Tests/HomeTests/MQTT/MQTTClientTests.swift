import BrokerSupport
import Foundation
import Testing
@testable import Home

/// The long-lived MQTT client against a real mosquitto: delivery, and surviving a broker restart.
@Suite struct MQTTClientTests {
    private func client(_ broker: MosquittoBroker, subscriptions: [String] = []) throws -> MQTTClient {
        try MQTTClient(options: MQTTClientOptions(port: broker.port, reconnectDelay: 1...2), subscriptions: subscriptions)
    }

    private func next(_ messages: AsyncStream<MQTTClient.Message>, within seconds: Double = 20) async -> MQTTClient.Message? {
        await withTaskGroup(of: MQTTClient.Message?.self) { group in
            group.addTask { await messages.first { _ in true } }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    @Test func publishedMessagesReachSubscribers() async throws {
        let broker = try await MosquittoBroker.start()
        let listener = try client(broker, subscriptions: ["test/+/x"])
        let sender = try client(broker)
        try listener.start()
        try sender.start()
        #expect(await listener.waitUntilConnected(timeout: .seconds(5)))
        #expect(await sender.waitUntilConnected(timeout: .seconds(20)))
        try sender.publish(Data([0, 1, 2]), to: "test/a/x")
        #expect(await sender.waitUntilDelivered(timeout: .seconds(5)))
        let message = await next(listener.messages)
        #expect(message?.topic == "test/a/x")
        #expect(message?.payload == Data([0, 1, 2]))
        listener.stop()
        sender.stop()
    }

    /// libmosquitto's own network loop used `select(2)`, which aborts the process on a descriptor of 1024 or
    /// more; a daemon with many open streams gets such sockets.
    @Test(.enabled(if: MQTTClientTests.descriptorLimit() > 1300, "the hard limit on open files is below 1300"))
    func socketsAboveDescriptor1024Work() async throws {
        let padding = try openDescriptors(until: 1040)
        defer { padding.forEach { close($0) } }
        let broker = try await MosquittoBroker.start()
        let listener = try client(broker, subscriptions: ["test/high"])
        let sender = try client(broker)
        try listener.start()
        try sender.start()
        #expect(await listener.waitUntilConnected(timeout: .seconds(20)))
        #expect(await sender.waitUntilConnected(timeout: .seconds(20)))
        try sender.publish(Data("high".utf8), to: "test/high")
        let message = await next(listener.messages)
        #expect(message.map { String(decoding: $0.payload, as: UTF8.self) } == "high")
        listener.stop()
        sender.stop()
    }

    /// The hard limit on open files, to which the soft limit can be raised.
    static func descriptorLimit() -> rlim_t {
        var limits = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits)
        return limits.rlim_max
    }

    /// Opens /dev/null until a descriptor numbered `limit` or more comes back (raising the soft limit if
    /// needed), so that the next sockets get high numbers.
    private func openDescriptors(until limit: Int32) throws -> [Int32] {
        var limits = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits)
        if limits.rlim_cur < rlim_t(limit) + 256 {
            limits.rlim_cur = min(limits.rlim_max, rlim_t(limit) + 256)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits)
        }
        var opened: [Int32] = []
        while opened.last.map({ $0 < limit }) ?? true {
            let descriptor = open("/dev/null", O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                opened.forEach { close($0) }
                throw HomeError("cannot open descriptor \(limit): \(String(cString: strerror(errno)))")
            }
            opened.append(descriptor)
        }
        return opened
    }

    @Test func aRestartedBrokerIsReconnectedAndResubscribed() async throws {
        let broker = try await MosquittoBroker.start()
        let listener = try client(broker, subscriptions: ["test/restart"])
        try listener.start()
        #expect(await listener.waitUntilConnected(timeout: .seconds(20)))
        broker.kill()
        try await broker.restart()
        #expect(await listener.waitUntilConnected(timeout: .seconds(30)))
        // A second connection is the evidence that the drop was noticed (how fast depends on the load).
        let deadline = ContinuousClock.now + .seconds(30)
        while listener.connectionCount < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(listener.connectionCount == 2)

        let sender = try client(broker)
        try sender.start()
        #expect(await sender.waitUntilConnected(timeout: .seconds(20)))
        try sender.publish(Data("again".utf8), to: "test/restart")
        let message = await next(listener.messages)
        #expect(message.map { String(decoding: $0.payload, as: UTF8.self) } == "again", "subscribed again after the restart")
    }

    @Test func aBrokerThatIsDownAtStartIsRetried() async throws {
        let broker = try await MosquittoBroker.start()
        broker.kill()
        let listener = try client(broker)
        try listener.start()
        let connectedToNothing = await listener.waitUntilConnected(timeout: .milliseconds(300))
        #expect(!connectedToNothing)
        try await broker.restart()
        #expect(await listener.waitUntilConnected(timeout: .seconds(30)))
    }

    @Test func publishingWhileDisconnectedIsAnError() async throws {
        let broker = try await MosquittoBroker.start()
        broker.kill()
        let sender = try client(broker)
        try sender.start()
        let error = #expect(throws: HomeError.self) { try sender.publish(Data(), to: "test/x") }
        #expect(error?.message.contains("127.0.0.1:\(broker.port)") == true)
    }
}
