/// Drives real devices of one technology (MQTT, HTTP, a program…) on behalf of the registry.
///
/// Every plugin guarantees:
/// - ``apply(_:to:)`` either performs the command and returns the device's complete new state, or
///   throws a ``HomeError`` that names the device and the cause (`mqtt broker 127.0.0.1:1884
///   unreachable: Connection refused`). It never writes the registry: the caller stores the returned
///   state, so a failure leaves stored state unchanged, and the caller logs the failure.
/// - It finishes within its configured timeout; nothing waits forever.
/// - It reads its settings only from `device.config`, so one plugin value serves every device.
/// - It is safe to call from several tasks at once (`Sendable`).
public protocol DevicePlugin: Sendable {
    /// The name devices refer to it by (`virtual`, `mqtt`, `http`, `exec`).
    var name: String { get }

    /// Performs `command` on `device`.
    /// - Parameters:
    ///   - command: the action, already checked to suit the device's kind.
    ///   - device: the device with its config and last stored state.
    /// - Returns: the device's complete new state.
    /// - Throws: ``HomeError`` if the device could not be reached or refused the command.
    func apply(_ command: DeviceCommand, to device: Device) async throws -> DeviceState

    /// The device's current state as the device reports it.
    /// - Returns: the state, or `nil` if the technology cannot report state.
    /// - Throws: ``HomeError`` if the device could not be reached.
    func state(of device: Device) async throws -> DeviceState?

    /// Whether the plugin can reach what it drives right now.
    func health() async -> PluginHealth
}

/// The result of a plugin health check.
public enum PluginHealth: Equatable, Sendable, CustomStringConvertible {
    case ok
    /// Not usable now, with the reason.
    case unavailable(String)

    public var description: String {
        switch self {
        case .ok: "ok"
        case .unavailable(let reason): "unavailable: \(reason)"
        }
    }
}
