/// A room (Home Assistant's "area"): a unique name and the aliases it also answers to.
public struct Room: Codable, Equatable, Sendable {
    /// The room's name, unique case-insensitively among rooms and room aliases.
    public var name: String
    /// Other names for the room.
    public var aliases: [String]

    /// Creates a room value.
    public init(name: String, aliases: [String] = []) {
        self.name = name
        self.aliases = aliases
    }

    /// The name and aliases, the names a lookup matches.
    var allNames: [String] { [name] + aliases }
}
