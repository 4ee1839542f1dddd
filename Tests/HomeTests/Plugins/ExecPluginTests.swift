import Foundation
import Testing
@testable import Home

/// The `exec` plugin running real programs through `/bin/sh`.
@Suite struct ExecPluginTests {
    private func device(_ script: String, _ extra: [String: String] = [:], kind: DeviceKind = .light) throws -> Device {
        let args = String(decoding: try JSONEncoder().encode(["-c", script]), as: UTF8.self)
        return Device(name: "porch light", kind: kind, plugin: "exec",
                      config: ["command": "/bin/sh", "args": args].merging(extra) { _, new in new },
                      state: DeviceState(on: false, brightness: 50))
    }

    @Test func sendsTheCommandOnStdinAndReadsStateFromStdout() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in.json").path
        let plugin = ExecPlugin()
        let state = try await plugin.apply(.setBrightness(40), to: device(#"cat > "\#(input)"; echo '{"brightness":35}'"#))
        #expect(state == DeviceState(on: true, brightness: 35))
        let request = try String(contentsOfFile: input, encoding: .utf8)
        #expect(request == #"{"command":"set_brightness","device":"porch light","kind":"light","state":{"brightness":40,"on":true},"value":40}"#)
    }

    @Test func emptyOutputKeepsTheExpectedState() async throws {
        #expect(try await ExecPlugin().apply(.turnOn, to: device("exit 0")) == DeviceState(on: true, brightness: 50))
    }

    @Test func readsStateWithGetState() async throws {
        let script = #"grep -q '"command":"get_state"' && echo '{"on":true,"brightness":10}'"#
        #expect(try await ExecPlugin().state(of: device(script)) == DeviceState(on: true, brightness: 10))
    }

    @Test func failureIncludesStderrAndLeavesStateUnchanged() async throws {
        let store = try makeHome()
        let porch = try device("echo 'relay jammed' >&2; exit 3")
        try store.addDevice(name: porch.name, kind: .light, plugin: "exec", config: porch.config, state: DeviceState(on: false))
        let handler = IntentHandler(store: store, plugins: .standard(store: store))
        let message = await homeErrorMessage {
            _ = try await handler.handle(IntentRequest(name: "HassTurnOn", slots: ["name": .string("porch light")]))
        }
        #expect(message == "porch light: exec '/bin/sh' for 'porch light' exited with status 3: relay jammed")
        #expect(try store.device(named: "porch light").state == DeviceState(on: false))
        #expect(try store.events(limit: 1).first?.error == message)
    }

    /// A program may start a background job and return at once. The job inherits the descriptors the
    /// program had (Foundation's termination socket among them); the program's exit is seen anyway.
    @Test func programThatLeavesABackgroundJobReturnsAtOnce() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("pid").path
        let script = #"sleep 30 </dev/null >/dev/null 2>&1 & echo $! > "\#(pidFile)"; echo '{"brightness":70}'"#
        let state = try await ExecPlugin().apply(.turnOn, to: device(script, ["timeout": "5"]))
        #expect(state == DeviceState(on: true, brightness: 70))
        if let pid = Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGKILL)
        }
    }

    @Test func timeoutKillsTheProgram() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pidFile = directory.appendingPathComponent("pid").path
        // Only the timeout path reports "timed out" (a program that ran to its end would report its
        // output); no wall-clock bound, since on a loaded machine the test's own task may resume late.
        let script = #"echo $$ > "\#(pidFile)"; exec sleep 30"#
        #expect(await homeErrorMessage { _ = try await ExecPlugin().apply(.turnOn, to: device(script, ["timeout": "0.3"])) }
            == "exec '/bin/sh' for 'porch light' timed out after 0.3 s")
        let pid = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        var gone = false
        for _ in 0..<100 where !gone {
            gone = !isRunning(pid)
            if !gone { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(gone, "the timed-out program \(pid) is still running")
    }

    /// Whether `pid` is a live process. A killed child stays a zombie until Foundation reaps it,
    /// which a loaded test run may delay; a zombie runs nothing, so it counts as gone.
    private func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.range(of: ") ", options: .backwards) else { return false }
        let state = stat[end.upperBound...].prefix(1)
        return state != "Z" && state != "X"
    }

    @Test func rejectsInvalidOutputAndConfig() async throws {
        #expect(await homeErrorMessage { _ = try await ExecPlugin().apply(.turnOn, to: device("echo nope")) }
            == #"exec '/bin/sh' for 'porch light' printed invalid state 'nope' (expected a JSON object like {"on":true})"#)
        #expect(await homeErrorMessage { _ = try await ExecPlugin().apply(.turnOn, to: device(#"echo '{"brightness":300}'"#)) }
            == "invalid brightness 300 (expected 0–100)")
        #expect(await homeErrorMessage {
            _ = try await ExecPlugin().apply(.turnOn, to: device("true", ["command": "no-such-hub-tool"]))
        } == "exec: command 'no-such-hub-tool' not found in PATH")
        #expect(await homeErrorMessage { _ = try await ExecPlugin().apply(.turnOn, to: device("true", ["args": "-c true"])) }
            == #"invalid exec args '-c true' (expected a JSON array of strings, e.g. ["-v"])"#)
    }
}
