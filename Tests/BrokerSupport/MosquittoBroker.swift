import Foundation

/// A real mosquitto broker on 127.0.0.1 and a free port, stopped when released. It can be killed and
/// started again on the same port, as a broker restart looks to its clients.
public final class MosquittoBroker: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int32
    private let directory: URL
    private let configuration: URL
    private let lock = NSLock()
    private var process: Process?

    /// Starts a broker and waits until it accepts connections.
    /// - Parameter anonymous: whether clients without a login are let in.
    public static func start(anonymous: Bool = true) async throws -> MosquittoBroker {
        let broker = try MosquittoBroker(anonymous: anonymous)
        try await broker.restart()
        return broker
    }

    private init(anonymous: Bool) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mosquitto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try LocalPorts.free()
        configuration = directory.appendingPathComponent("mosquitto.conf")
        try "listener \(port) 127.0.0.1\nallow_anonymous \(anonymous)\npersistence false\n"
            .write(to: configuration, atomically: true, encoding: .utf8)
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Kills the broker at once (SIGKILL: no goodbye to its clients, like a crash or a pulled cable).
    public func kill() {
        lock.withLock {
            guard let process else { return }
            // SIGKILL: a child may inherit a signal mask that blocks SIGTERM.
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            self.process = nil
        }
    }

    /// Starts the broker (again) on the same port and waits until it accepts connections.
    public func restart() async throws {
        try lock.withLock {
            guard process == nil else { return }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/mosquitto")
            process.arguments = ["-c", configuration.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            self.process = process
        }
        try await LocalPorts.waitUntilAccepting(port)
    }
}
