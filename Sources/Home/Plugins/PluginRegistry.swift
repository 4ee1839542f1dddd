/// The plugins available to drive devices, keyed by name.
public struct PluginRegistry: Sendable {
    private var plugins: [String: any DevicePlugin] = [:]

    /// An empty registry.
    public init() {}

    /// The four built-in plugins: `virtual`, `mqtt`, `http`, `exec`.
    public static func standard(store: HomeStore) -> PluginRegistry {
        var registry = PluginRegistry()
        registry.register(VirtualPlugin(store: store))
        registry.register(MQTTPlugin())
        registry.register(HTTPPlugin())
        registry.register(ExecPlugin())
        return registry
    }

    /// Adds or replaces the plugin under its name.
    public mutating func register(_ plugin: any DevicePlugin) {
        plugins[plugin.name] = plugin
    }

    /// The names of the registered plugins, sorted.
    public var names: [String] { plugins.keys.sorted() }

    /// The plugin called `name`.
    /// - Throws: ``HomeError`` `unknown plugin 'mqt' (did you mean 'mqtt'?)`.
    public func plugin(named name: String) throws -> any DevicePlugin {
        guard let plugin = plugins[name] else { throw HomeError.unknown("plugin", name, candidates: names) }
        return plugin
    }
}
