import Foundation

/// The unit temperatures are spoken and shown in. State always stores Celsius.
public enum TemperatureUnit: String, Codable, CaseIterable, Sendable {
    case celsius
    case fahrenheit

    /// The unit symbol, e.g. `°C`.
    public var symbol: String { self == .celsius ? "°C" : "°F" }

    /// Converts a value in this unit to Celsius.
    public func toCelsius(_ value: Double) -> Double {
        self == .celsius ? value : (value - 32) * 5 / 9
    }

    /// Converts a Celsius value to this unit.
    public func fromCelsius(_ celsius: Double) -> Double {
        self == .celsius ? celsius : celsius * 9 / 5 + 32
    }

    /// A Celsius difference (a step) expressed in Celsius from a step in this unit.
    func stepToCelsius(_ step: Double) -> Double {
        self == .celsius ? step : step * 5 / 9
    }

    /// Formats a Celsius value in this unit: `21 °C`, `20.5 °C`, `70 °F`.
    public func format(celsius: Double) -> String {
        "\(Self.number(fromCelsius(celsius))) \(symbol)"
    }

    /// A number rounded to one decimal, without a trailing `.0`.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}
