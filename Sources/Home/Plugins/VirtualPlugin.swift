/// A device that exists only in the registry: its state lives in the database and commands just
/// change it. Useful to try the hub without hardware, and in tests.
public struct VirtualPlugin: DevicePlugin {
    public let name = "virtual"
    private let store: HomeStore

    /// Creates the plugin over the registry that holds the state.
    public init(store: HomeStore) {
        self.store = store
    }

    public func apply(_ command: DeviceCommand, to device: Device) async throws -> DeviceState {
        try device.state.applying(command, to: device)
    }

    public func state(of device: Device) async throws -> DeviceState? {
        try store.device(named: device.name).state
    }

    public func health() async -> PluginHealth { .ok }
}
