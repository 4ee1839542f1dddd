/// Allowed ranges of state values, and checks of a state against a device kind.
enum StateLimits {
    static let brightness = 0...100
    static let colorTemp = 1000...10000
    static let target = 5.0...35.0
    static let current = -50.0...100.0
}

extension DeviceState {
    /// Checks that every set key suits `kind` and lies in its range.
    /// - Throws: ``HomeError`` naming the key or value, e.g. `invalid brightness 140 (expected 0–100)`.
    func validate(for kind: DeviceKind, unit: TemperatureUnit) throws {
        for key in setKeys where !kind.capabilities.contains(key) {
            let valid = Capability.allCases.filter(kind.capabilities.contains).map(\.rawValue)
            throw HomeError("a \(kind.rawValue) has no '\(key.rawValue)' (expected one of: \(valid.joined(separator: ", ")))")
        }
        if let brightness, !StateLimits.brightness.contains(brightness) {
            throw HomeError.invalid("brightness", String(brightness), expected: "0–100")
        }
        if let colorTemp, !StateLimits.colorTemp.contains(colorTemp) {
            throw HomeError.invalid("color_temp", String(colorTemp), expected: "1000–10000 K")
        }
        try Self.check("target", target, in: StateLimits.target, unit: unit)
        try Self.check("current", current, in: StateLimits.current, unit: unit)
    }

    private static func check(_ key: String, _ celsius: Double?, in range: ClosedRange<Double>, unit: TemperatureUnit) throws {
        guard let celsius, !range.contains(celsius) else { return }
        let low = TemperatureUnit.number(unit.fromCelsius(range.lowerBound))
        let high = TemperatureUnit.number(unit.fromCelsius(range.upperBound))
        throw HomeError.invalid(
            key, TemperatureUnit.number(unit.fromCelsius(celsius)), expected: "\(low)–\(high) \(unit.symbol)")
    }
}
