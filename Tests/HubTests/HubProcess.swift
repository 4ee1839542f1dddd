import BrokerSupport
import Foundation

/// Runs the built `hub` executable with a private database, as a person at a shell would.
struct HubProcess {
    /// What one run printed and how it exited.
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    let database: String
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A fresh database in its own temporary folder.
    init() throws {
        let folder = Self.scratch.appendingPathComponent("hub-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = folder.appendingPathComponent("hub.db").path
    }

    /// One temporary folder per test process for every database folder, removed when the process exits.
    private static let scratch: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hub-tests-\(UUID().uuidString)")
        atexit { try? FileManager.default.removeItem(at: HubProcess.scratch) }
        return folder
    }()

    /// The `hub` binary `swift test` built beside this test bundle.
    static let executable: URL = {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = bundleFolder.appendingPathComponent("hub")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        // The test runner may sit inside the .xctest bundle.
        return bundleFolder.deletingLastPathComponent().appendingPathComponent("hub")
    }()

    @discardableResult
    func run(_ arguments: String...) throws -> Result {
        try run(arguments)
    }

    func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = Self.packageRoot
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// This process's environment with `HUB_DB` pointing at the private database, and a private, empty
    /// configuration folder (`$XDG_CONFIG_HOME`), so no `hub.yaml` of the machine's is read.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["HUB_DB"] = database
        environment["XDG_CONFIG_HOME"] = URL(fileURLWithPath: database).deletingLastPathComponent()
            .appendingPathComponent("config").path
        return environment
    }

    /// Starts `hub` without waiting for it, with its standard output on the returned pipe and its standard
    /// error in a `stderr-*.log` file beside the database. Not the test runner's own standard error: a
    /// server outliving a crashed test process would hold that open, and `swift test` would wait for it
    /// forever instead of reporting the crash.
    func start(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        let log = URL(fileURLWithPath: database).deletingLastPathComponent()
            .appendingPathComponent("stderr-\(UUID().uuidString).log").path
        guard FileManager.default.createFile(atPath: log, contents: nil),
              let errors = FileHandle(forWritingAtPath: log) else { throw TestSetupError("test: cannot create \(log)") }
        process.standardError = errors
        try process.run()
        return (process, out)
    }

    /// Parses one JSON document printed on stdout.
    static func json(_ result: Result) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: [.fragmentsAllowed])
    }
}
