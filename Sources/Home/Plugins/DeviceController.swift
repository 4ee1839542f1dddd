/// Applies commands to devices through their plugins and stores what the plugins report.
///
/// A command is checked against the device (kind and value ranges) before its plugin is called; if the
/// plugin fails, stored state stays as it was.
struct DeviceController: Sendable {
    let store: HomeStore
    let plugins: PluginRegistry

    /// Performs `command` on `device` and stores the new state.
    /// - Returns: the device with its new state.
    /// - Throws: ``HomeError`` prefixed with the device name when the plugin fails.
    func apply(_ command: DeviceCommand, to device: Device, unit: TemperatureUnit) async throws -> Device {
        _ = try device.state.applying(command, to: device, unit: unit)
        let plugin = try plugins.plugin(named: device.plugin)
        let state: DeviceState
        do {
            state = try await plugin.apply(command, to: device)
        } catch {
            throw HomeError("\(device.name): \(error)")
        }
        return try store.setState(state, of: device.name)
    }
}
