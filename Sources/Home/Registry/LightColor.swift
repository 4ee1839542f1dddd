/// A light colour: a known colour name or `#rrggbb`, stored normalised (lowercase).
public struct LightColor: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The colour as stored and shown: a name from ``LightColor/names`` or `#rrggbb`.
    public let value: String

    /// The colour names understood, with their RGB value.
    public static let names: [String: String] = [
        "white": "#ffffff", "warm white": "#ffd6aa", "red": "#ff0000", "green": "#00ff00",
        "blue": "#0000ff", "yellow": "#ffff00", "orange": "#ffa500", "purple": "#800080",
        "pink": "#ffc0cb", "cyan": "#00ffff", "magenta": "#ff00ff",
    ]

    /// Parses a colour name or `#rrggbb`.
    /// - Throws: ``HomeError`` naming the value and what was expected.
    public init(parsing text: String) throws {
        let key = NameMatcher.normalize(text)
        if Self.names[key] != nil {
            value = key
        } else if key.count == 7, key.first == "#", key.dropFirst().allSatisfy(\.isHexDigit) {
            value = key
        } else {
            let suggestion = NameMatcher.suggestion(for: key, among: Array(Self.names.keys))
                .map { " (did you mean '\($0)'?)" } ?? ""
            throw HomeError("invalid color '\(text)' (expected a color name or #rrggbb)\(suggestion)")
        }
    }

    /// The colour as `#rrggbb`.
    public var hex: String { Self.names[value] ?? value }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
