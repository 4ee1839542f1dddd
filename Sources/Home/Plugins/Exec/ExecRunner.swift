import Foundation

/// Runs one `exec` device program with a request on standard input, with a timeout.
struct ExecRunner: Sendable {
    let executable: URL
    let arguments: [String]
    let timeout: Double
    let device: Device

    /// Reads `command`, `args` and `timeout` from the device's config.
    init(device: Device) throws {
        self.device = device
        guard let command = device.config["command"], !command.isEmpty else {
            throw HomeError("exec: device '\(device.name)' has no 'command' in its config")
        }
        executable = try Self.resolve(command)
        if let args = device.config["args"] {
            guard let parsed = try? JSONDecoder().decode([String].self, from: Data(args.utf8)) else {
                throw HomeError.invalid("exec args", "'\(args)'", expected: "a JSON array of strings, e.g. [\"-v\"]")
            }
            arguments = parsed
        } else {
            arguments = []
        }
        if let text = device.config["timeout"] {
            guard let seconds = Double(text), seconds > 0 else {
                throw HomeError.invalid("exec timeout", "'\(text)'", expected: "seconds > 0")
            }
            timeout = seconds
        } else {
            timeout = 10
        }
    }

    /// Runs the program, returning the state it printed, or `nil` if it printed nothing.
    /// - Throws: ``HomeError`` if it cannot start, times out, exits non-zero or prints invalid state.
    func run(_ request: ExecRequest) async throws -> DeviceState? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let input = try encoder.encode(request)
        let (status, output, errors, timedOut) = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(input: input) })
            }
        }
        let what = "exec '\(executable.path)' for '\(device.name)'"
        if timedOut { throw HomeError("\(what) timed out after \(TemperatureUnit.number(timeout)) s") }
        guard status == 0 else {
            let detail = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw HomeError("\(what) exited with status \(status)\(detail.isEmpty ? "" : ": \(detail)")")
        }
        let text = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        let state: DeviceState
        do {
            state = try JSONDecoder().decode(DeviceState.self, from: Data(text.utf8))
        } catch {
            throw HomeError("\(what) printed invalid state '\(text.prefix(120))' (expected a JSON object like {\"on\":true})")
        }
        try state.validate(for: device.kind, unit: .celsius)
        return state
    }

    private func runBlocking(input: Data) throws -> (Int32, Data, Data, Bool) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw HomeError("exec: cannot run '\(executable.path)' for '\(device.name)': \(error.localizedDescription)")
        }
        let expired = ExpiryFlag()
        let timer = DispatchWorkItem { [process] in
            if process.isRunning {
                expired.set()
                process.terminate()
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        // A program that exits without reading its input must not fail the write.
        try? stdin.fileHandleForWriting.write(contentsOf: input)
        try? stdin.fileHandleForWriting.close()
        let errorReader = DispatchQueue(label: "exec-stderr")
        nonisolated(unsafe) var errors = Data()
        errorReader.async { errors = stderr.fileHandleForReading.readDataToEndOfFile() }
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        errorReader.sync {}
        process.waitUntilExit()
        timer.cancel()
        return (process.terminationStatus, output, errors, expired.isSet)
    }

    private static func resolve(_ command: String) throws -> URL {
        if command.contains("/") { return URL(fileURLWithPath: command) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        throw HomeError("exec: command '\(command)' not found in PATH")
    }
}

/// Set once by the timeout timer, read after the program ended.
private final class ExpiryFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
