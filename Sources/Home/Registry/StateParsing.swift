extension DeviceState {
    /// Parses `key=value` pairs as typed by a person (`on=true brightness=40 color=red color_temp=2700
    /// target=21.5 mode=heat`) into a partial state; temperatures are read in `unit`.
    ///
    /// - Parameters:
    ///   - values: state keys and their text values.
    ///   - kind: the device kind the keys must suit.
    ///   - unit: the unit `target` and `current` are given in.
    /// - Throws: ``HomeError`` for an unknown key, a value that does not parse, or one out of range.
    public init(parsing values: [String: String], for kind: DeviceKind, unit: TemperatureUnit) throws {
        self.init()
        for (key, text) in values.sorted(by: { $0.key < $1.key }) {
            guard let capability = Capability(rawValue: key.lowercased()) else {
                throw HomeError.unknown("state key", key, candidates: Capability.allCases.map(\.rawValue))
            }
            switch capability {
            case .onOff: on = try Self.bool(text)
            case .brightness: brightness = try Self.int(text, key: "brightness", expected: "0–100")
            case .color: color = try LightColor(parsing: text)
            case .colorTemp: colorTemp = try Self.int(text, key: "color_temp", expected: "1000–10000 K")
            case .targetTemperature: target = unit.toCelsius(try Self.double(text, key: "target", unit: unit))
            case .hvacMode: mode = try ClimateMode(parsing: text)
            case .currentTemperature: current = unit.toCelsius(try Self.double(text, key: "current", unit: unit))
            }
        }
        try validate(for: kind, unit: unit)
    }

    private static func bool(_ text: String) throws -> Bool {
        switch text.lowercased() {
        case "true", "on", "yes", "1": return true
        case "false", "off", "no", "0": return false
        default: throw HomeError.invalid("on", "'\(text)'", expected: "true or false")
        }
    }

    private static func int(_ text: String, key: String, expected: String) throws -> Int {
        guard let value = Int(text) else { throw HomeError.invalid(key, "'\(text)'", expected: expected) }
        return value
    }

    private static func double(_ text: String, key: String, unit: TemperatureUnit) throws -> Double {
        guard let value = Double(text), value.isFinite else {
            throw HomeError.invalid(key, "'\(text)'", expected: "a temperature in \(unit.symbol)")
        }
        return value
    }
}
