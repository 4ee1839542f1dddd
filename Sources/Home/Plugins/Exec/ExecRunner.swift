import CPipe
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
    ///
    /// Foundation's `Process` on Linux closes a new child's inherited descriptors from a list it takes
    /// before spawning, so a child another thread spawns at the same moment (a broker, a daemon, a second
    /// device program) can keep a copy of this child's pipes or of the socket by which Foundation learns
    /// that this child exited, until that sibling exits. The pipes are therefore close-on-exec (the child
    /// still gets its ends: `dup2` onto 0, 1 and 2 clears the flag), and the exit is awaited with `waitid`;
    /// Foundation's termination handler only reports a child that Foundation happened to reap first.
    private func runBlocking(input: Data) throws -> (Int32, Data, Data)? {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdin = try ChildPipe(), stdout = try ChildPipe(), stderr = try ChildPipe()
        process.standardInput = stdin.reading
        process.standardOutput = stdout.writing
        process.standardError = stderr.writing
        let reaped = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in reaped.signal() }
        do {
            try process.run()
        } catch {
            throw HomeError("exec: cannot run '\(executable.path)' for '\(device.name)': \(error.localizedDescription)")
        }
        // The child has its copies; the program's output ends only when no copy of these is left.
        try? stdin.reading.close()
        try? stdout.writing.close()
        try? stderr.writing.close()
        let deadline = DispatchTime.now() + timeout
        let pid = process.processIdentifier
        let exit = BlockingWork.start { Self.exitStatus(of: pid) }
        let output = BlockingWork.start { stdout.reading.readDataToEndOfFile() }
        let errors = BlockingWork.start { stderr.reading.readDataToEndOfFile() }
        // A program that exits without reading its input must not fail the write.
        try? stdin.writing.write(contentsOf: input)
        try? stdin.writing.close()
        guard let waited = exit.wait(timeout: Self.seconds(until: deadline)) else {
            // SIGKILL, not SIGTERM: the child may have inherited a mask that blocks SIGTERM.
            kill(pid, SIGKILL)
            return nil
        }
        // `nil`: Foundation reaped the child first, so its status is Foundation's to report.
        if waited == nil, reaped.wait(timeout: deadline) != .success { return nil }
        let status = waited ?? process.terminationStatus
        // Output ends when the program and any children it left behind close it.
        guard let outputData = output.wait(timeout: max(0.1, Self.seconds(until: deadline))),
              let errorData = errors.wait(timeout: 0.5) else {
            return nil
        }
        return (status, outputData, errorData)
    }

    /// Blocks until child `pid` has exited, without reaping it (Foundation's `Process` does that):
    /// its exit status, or the signal that killed it; `nil` if it was already reaped.
    private static func exitStatus(of pid: pid_t) -> Int32? {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 {
            guard errno == EINTR else { return nil }
        }
        return info._sifields._sigchld.si_status
    }

    private static func seconds(until deadline: DispatchTime) -> Double {
        Double(deadline.uptimeNanoseconds - min(deadline.uptimeNanoseconds, DispatchTime.now().uptimeNanoseconds)) / 1e9
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

/// A pipe for one standard stream of an `exec` program, close-on-exec from birth (see
/// `ExecRunner.runBlocking`): Foundation's `Pipe` is not, and setting the flag afterwards leaves a window.
private struct ChildPipe {
    let reading: FileHandle
    let writing: FileHandle

    init() throws {
        var fds: [Int32] = [-1, -1]
        guard hub_pipe_cloexec(&fds) == 0 else {
            throw HomeError("exec: cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        reading = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        writing = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
    }
}
