import BrokerSupport
import Foundation
import Home

/// A home with a real broker, `hub serve --no-http --no-audio` running on it, and satellites fed from espeak-ng
/// recordings, for the end-to-end satellite tests.
final class SatelliteHarness {
    let broker: MosquittoBroker
    let hub: HubProcess
    let folder: URL
    private let server = Process()
    private let serverLog: URL

    /// Starts a broker and the hub's satellite server on the demo home (kitchen: 2 lights; bedroom).
    static func start() async throws -> SatelliteHarness {
        let broker = try await MosquittoBroker.start()
        let harness = try SatelliteHarness(broker: broker)
        try await harness.waitForServerConnections(1)
        return harness
    }

    private init(broker: MosquittoBroker) throws {
        self.broker = broker
        hub = try CLITests.demoHome()
        folder = URL(fileURLWithPath: hub.database).deletingLastPathComponent()
        serverLog = folder.appendingPathComponent("serve.log")
        try Data().write(to: serverLog)
        server.executableURL = HubProcess.executable
        server.arguments = ["serve", "--no-http", "--no-audio", "--broker", "127.0.0.1:\(broker.port)", "--log-level", "notice"]
        server.environment = hub.environment
        server.currentDirectoryURL = HubProcess.packageRoot
        server.standardOutput = FileHandle.nullDevice
        server.standardError = try FileHandle(forWritingTo: serverLog)
        try server.run()
    }

    deinit {
        if server.isRunning {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
    }

    /// What the server logged so far.
    var serverOutput: String { (try? String(contentsOf: serverLog, encoding: .utf8)) ?? "" }

    /// Waits until the server has connected and subscribed `count` times (once more after each restart).
    func waitForServerConnections(_ count: Int, timeout: Double = 30) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while serverOutput.components(separatedBy: "subscribed to hub/+/audio/#").count - 1 < count {
            guard server.isRunning, Date() < deadline else {
                throw TestSetupError("hub serve did not subscribe (\(count)) in time:\n\(serverOutput)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Stops the server with SIGTERM and returns its exit status.
    func stopServer() -> Int32 {
        server.terminate()
        server.waitUntilExit()
        return server.terminationStatus
    }

    /// espeak-ng (voice en-gb+m3, held out of training) saying `text`, as a WAV in the test's folder.
    func speech(_ text: String) throws -> String {
        let path = folder.appendingPathComponent("\(text.replacingOccurrences(of: " ", with: "-")).wav").path
        let espeak = Process()
        espeak.executableURL = URL(fileURLWithPath: "/usr/bin/espeak-ng")
        espeak.arguments = ["-v", "en-gb+m3", "-w", path, text]
        try espeak.run()
        espeak.waitUntilExit()
        guard espeak.terminationStatus == 0 else { throw TestSetupError("espeak-ng failed for '\(text)'") }
        return path
    }

    /// Starts `hub satellite --site SITE --input FILE --fast --json` on the broker.
    func satellite(site: String, input: String) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = HubProcess.executable
        process.arguments = ["satellite", "--site", site, "--input", input, "--fast", "--json",
                             "--broker", "127.0.0.1:\(broker.port)", "--timeout", "20"]
        process.environment = hub.environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Waits for a satellite and returns its exit status, result documents and standard error.
    static func finish(_ satellite: (Process, Pipe, Pipe)) throws -> (status: Int32, results: [[String: Any]], stderr: String) {
        let (process, out, err) = satellite
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let results = try String(decoding: stdout, as: UTF8.self).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        return (process.terminationStatus, results, String(decoding: stderr, as: UTF8.self))
    }

    /// A client of the broker subscribed to `topics`, connected.
    func watch(_ topics: [String]) async throws -> MQTTClient {
        let client = try MQTTClient(options: MQTTClientOptions(port: broker.port, reconnectDelay: 1...2), subscriptions: topics)
        try client.start()
        guard await client.waitUntilConnected(timeout: .seconds(10)) else { throw TestSetupError("test client not connected") }
        return client
    }

    /// The messages `client` received within `seconds`.
    static func collect(_ client: MQTTClient, for seconds: Double) async -> [MQTTClient.Message] {
        let task = Task {
            var messages: [MQTTClient.Message] = []
            for await message in client.messages { messages.append(message) }
            return messages
        }
        try? await Task.sleep(for: .seconds(seconds))
        client.stop()
        return await task.value
    }

    /// The event log, oldest first.
    func events() throws -> [[String: Any]] {
        try hub.run("events", "--json", "--limit", "50").stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// Whether a device is on now.
    func isOn(_ device: String) throws -> Bool? {
        let shown = try HubProcess.json(hub.run("device", "show", device, "--json")) as? [String: Any]
        return (shown?["state"] as? [String: Any])?["on"] as? Bool
    }
}
