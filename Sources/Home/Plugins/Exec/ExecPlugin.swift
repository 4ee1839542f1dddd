import Foundation

/// Drives devices by running a program: the request goes as JSON on its standard input, the optional
/// new state comes back as JSON on its standard output.
///
/// Config keys: `command` (required: a path, or a name looked up in `PATH`), `args` (a JSON array of
/// strings, e.g. `["--verbose"]`), `timeout` (seconds, default `10`).
///
/// Standard input: `{"command":"set_brightness","value":40,"device":"kitchen light","kind":"light",
/// "state":{…expected new state…}}`; for ``state(of:)``, `command` is `get_state` and `state` the stored
/// one. Exit status 0 is success; a JSON object of state keys on standard output (`{"on":true}`) is
/// merged over the expected state, empty output keeps it. Any other status fails with the program's
/// standard error in the message.
public struct ExecPlugin: DevicePlugin {
    public let name = "exec"

    /// Creates the plugin.
    public init() {}

    public func apply(_ command: DeviceCommand, to device: Device) async throws -> DeviceState {
        let expected = try device.state.applying(command, to: device)
        let request = ExecRequest(command: command.name, value: Self.value(of: command), device: device.name,
                                  kind: device.kind, state: expected)
        let reported = try await ExecRunner(device: device).run(request)
        return reported.map { expected.merging($0) } ?? expected
    }

    public func state(of device: Device) async throws -> DeviceState? {
        let request = ExecRequest(command: "get_state", value: nil, device: device.name, kind: device.kind,
                                  state: device.state)
        return try await ExecRunner(device: device).run(request)
    }

    /// Always `.ok`: each device names its own program, so there is nothing shared to check.
    public func health() async -> PluginHealth { .ok }

    private static func value(of command: DeviceCommand) -> IntentValue? {
        switch command {
        case .turnOn, .turnOff: nil
        case .setBrightness(let value), .stepBrightness(let value), .setColorTemp(let value): .int(value)
        case .setColor(let color): .string(color.value)
        case .setTarget(let value), .stepTarget(let value): .double(value)
        case .setMode(let mode): .string(mode.rawValue)
        }
    }
}

/// What an `exec` program reads on standard input.
struct ExecRequest: Codable, Sendable {
    var command: String
    var value: IntentValue?
    var device: String
    var kind: DeviceKind
    var state: DeviceState
}
