/// A typed slot value. Encodes as a plain JSON value: `"Kitchen"`, `50`, `21.5`.
public enum SlotValue: Codable, Hashable, Sendable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case double(Double)

    /// A number as `.int` when it is whole, else `.double`.
    public static func number(_ value: Double) -> SlotValue {
        if value.rounded() == value, abs(value) < 1e15 { return .int(Int(value)) }
        return .double(value)
    }

    /// The numeric value, or `nil` for strings.
    public var number: Double? {
        switch self {
        case .string: return nil
        case .int(let value): return Double(value)
        case .double(let value): return value
        }
    }

    /// The value as text: strings as they are, numbers without a trailing `.0`.
    public var description: String {
        switch self {
        case .string(let value): return value
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        }
    }

    /// Decodes a JSON string, integer or floating-point number.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Encodes as a bare JSON value.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        }
    }
}
