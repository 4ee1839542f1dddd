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
        let result = try await BlockingWork.run { try runBlocking(input: input) }
        let what = "exec '\(executable.path)' for '\(device.name)'"
        guard let (status, output, errors) = result else {
            throw HomeError("\(what) timed out after \(TemperatureUnit.number(timeout)) s")
        }
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

    /// Runs the program to completion: its exit status, standard output and standard error, or `nil`
    /// if it had to be killed after `timeout` seconds.
    private func runBlocking(input: Data) throws -> (Int32, Data, Data)? {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw HomeError("exec: cannot run '\(executable.path)' for '\(device.name)': \(error.localizedDescription)")
        }
        let deadline = DispatchTime.now() + timeout
        let output = BlockingWork.start { stdout.fileHandleForReading.readDataToEndOfFile() }
        let errors = BlockingWork.start { stderr.fileHandleForReading.readDataToEndOfFile() }
        // A program that exits without reading its input must not fail the write.
        try? stdin.fileHandleForWriting.write(contentsOf: input)
        try? stdin.fileHandleForWriting.close()
        guard exited.wait(timeout: deadline) == .success else {
            // SIGKILL, not SIGTERM: the child may have inherited a mask that blocks SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        // Output ends when the program and any children it left behind close it.
        let remaining = max(0.1, Double(deadline.uptimeNanoseconds - min(deadline.uptimeNanoseconds, DispatchTime.now().uptimeNanoseconds)) / 1e9)
        guard let outputData = output.wait(timeout: remaining), let errorData = errors.wait(timeout: 0.5) else {
            return nil
        }
        return (process.terminationStatus, outputData, errorData)
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
