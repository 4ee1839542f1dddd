/// A device in the registry: what it is, where it is, which plugin drives it, and its last known state.
///
/// Encodes as `{"name":…,"kind":…,"room":…,"plugin":…,"aliases":[…],"state":{…}}`; `config` is left
/// out of the encoding because it may hold secrets (passwords, tokens).
public struct Device: Codable, Equatable, Sendable {
    /// The device's name, unique case-insensitively among devices and device aliases.
    public var name: String
    /// What the device is.
    public var kind: DeviceKind
    /// The name of the room it is in, if any.
    public var room: String?
    /// The name of the plugin that drives it (`virtual`, `mqtt`, `http`, `exec`).
    public var plugin: String
    /// Plugin settings, e.g. `friendly_name` for `mqtt`.
    public var config: [String: String]
    /// Other names for the device.
    public var aliases: [String]
    /// The last known state.
    public var state: DeviceState

    enum CodingKeys: String, CodingKey {
        case name, kind, room, plugin, aliases, state
    }

    /// Creates a device value.
    public init(
        name: String, kind: DeviceKind, room: String? = nil, plugin: String = "virtual",
        config: [String: String] = [:], aliases: [String] = [], state: DeviceState = DeviceState()
    ) {
        self.name = name
        self.kind = kind
        self.room = room
        self.plugin = plugin
        self.config = config
        self.aliases = aliases
        self.state = state
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            kind: try container.decode(DeviceKind.self, forKey: .kind),
            room: try container.decodeIfPresent(String.self, forKey: .room),
            plugin: try container.decode(String.self, forKey: .plugin),
            aliases: try container.decodeIfPresent([String].self, forKey: .aliases) ?? [],
            state: try container.decodeIfPresent(DeviceState.self, forKey: .state) ?? DeviceState())
    }

    /// The name and aliases, the names a lookup matches.
    var allNames: [String] { [name] + aliases }

    /// How responses name it: "the kitchen light".
    var spokenName: String { "the \(name)" }
}
