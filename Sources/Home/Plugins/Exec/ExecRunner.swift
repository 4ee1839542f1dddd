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
        let what = "exec '\(executable.path)' for '\(device.name)'"
        let program = ChildProcess(executable: executable, arguments: arguments)
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await BlockingWork.run { [timeout] in try program.run(input: input, timeout: timeout) }
        } catch ChildProcess.Failure.timedOut {
            throw HomeError("\(what) timed out after \(TemperatureUnit.number(timeout)) s")
        } catch ChildProcess.Failure.cannotStart(let reason) {
            throw HomeError("exec: cannot run '\(executable.path)' for '\(device.name)': \(reason)")
        }
        if let failure = outcome.failure { throw HomeError("\(what) \(failure)") }
        let text = String(decoding: outcome.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
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

    private static func resolve(_ command: String) throws -> URL {
        if command.contains("/") { return URL(fileURLWithPath: command) }
        guard let found = ChildProcess.lookUp(command) else {
            throw HomeError("exec: command '\(command)' not found in PATH")
        }
        return found
    }
}
