import CPipe
import Foundation

/// A program run to completion with its standard streams as pipes and a timeout: the `exec` plugin's
/// device programs, the listen loop's `espeak-ng`.
///
/// Foundation's `Process` on Linux closes a new child's inherited descriptors from a list it takes
/// before spawning, so a child another thread spawns at the same moment (a broker, a daemon, a second
/// device program) can keep a copy of this child's pipes, or of the socket by which Foundation learns
/// that this child exited, until that sibling exits. The pipes are therefore close-on-exec (the child
/// still gets its ends: `dup2` onto 0, 1 and 2 clears the flag), and the exit is awaited with `waitid`;
/// Foundation's termination handler only reports a child that Foundation happened to reap first.
public struct ChildProcess: Sendable {
    /// How a program that ran to its end ended.
    public struct Outcome: Sendable, Equatable {
        /// The exit status, or the number of the signal that killed it.
        public let status: Int32
        /// What it wrote to standard output.
        public let output: Data
        /// What it wrote to standard error.
        public let errors: Data

        /// `exited with status N`, and what it wrote to standard error after a colon; `nil` for status 0.
        public var failure: String? {
            guard status != 0 else { return nil }
            let detail = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return "exited with status \(status)\(detail.isEmpty ? "" : ": \(detail)")"
        }
    }

    /// Why a program could not be run to its end.
    public enum Failure: Error, Equatable {
        /// It could not be started (missing, not executable, no pipes left); the reason.
        case cannotStart(String)
        /// It did not exit and close its output within the timeout (killed if it was still running; a job
        /// it left behind may be what kept the output open).
        case timedOut
    }

    public let executable: URL
    public let arguments: [String]

    public init(executable: URL, arguments: [String]) {
        self.executable = executable
        self.arguments = arguments
    }

    /// The executable file `name` in the first folder of `environment`'s `PATH` (`/usr/bin:/bin` when it
    /// has none) that holds one, or `nil`.
    public static func lookUp(_ name: String, in environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs the program with `input` on its standard input, blocking until it has exited and closed its
    /// output, at most `timeout` seconds; SIGKILL after that.
    /// - Throws: ``Failure``.
    public func run(input: Data = Data(), timeout: Double) throws -> Outcome {
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
            throw Failure.cannotStart(error.localizedDescription)
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
        // A program that exits without reading its input must not fail the write, nor one that never
        // reads it block the timeout.
        _ = BlockingWork.start {
            try? stdin.writing.write(contentsOf: input)
            try? stdin.writing.close()
        }
        guard let waited = exit.wait(timeout: Self.seconds(until: deadline)) else {
            // SIGKILL, not SIGTERM: the child may have inherited a mask that blocks SIGTERM.
            kill(pid, SIGKILL)
            throw Failure.timedOut
        }
        // `nil`: Foundation reaped the child first, so its status is Foundation's to report.
        if waited == nil, reaped.wait(timeout: deadline) != .success { throw Failure.timedOut }
        let status = waited ?? process.terminationStatus
        // Output ends when the program and any children it left behind close it.
        guard let outputData = output.wait(timeout: max(0.1, Self.seconds(until: deadline))),
              let errorData = errors.wait(timeout: 0.5) else {
            throw Failure.timedOut
        }
        return Outcome(status: status, output: outputData, errors: errorData)
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
}

/// A pipe for one standard stream of a child, close-on-exec from birth (see ``ChildProcess``):
/// Foundation's `Pipe` is not, and setting the flag afterwards leaves a window.
private struct ChildPipe {
    let reading: FileHandle
    let writing: FileHandle

    init() throws {
        var fds: [Int32] = [-1, -1]
        guard hub_pipe_cloexec(&fds) == 0 else {
            throw ChildProcess.Failure.cannotStart("cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        reading = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        writing = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
    }
}
