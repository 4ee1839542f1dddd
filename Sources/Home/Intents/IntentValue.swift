/// A typed slot value of an intent request.
public enum IntentValue: Codable, Equatable, Sendable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case double(Double)

    /// The value as text (for names, colours, modes).
    public var description: String {
        switch self {
        case .string(let text): text
        case .int(let value): String(value)
        case .double(let value): TemperatureUnit.number(value)
        }
    }

    /// The value as a number, if it is one or is text that reads as one.
    var number: Double? {
        switch self {
        case .string(let text): Double(text)
        case .int(let value): Double(value)
        case .double(let value): value
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        }
    }
}
