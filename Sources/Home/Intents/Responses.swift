/// The short sentences spoken or printed after an intent.
enum Responses {
    /// "Set the kitchen light to 40%", "Set 2 lights in the kitchen to red".
    static func lightSet(_ command: DeviceCommand, _ scope: TargetScope) -> String {
        switch command {
        case .stepBrightness(let step):
            let levels = Set(scope.devices.compactMap(\.state.brightness))
            if levels.count == 1, let level = levels.first { return "Set \(scope.phrase) to \(level)%" }
            return "\(step < 0 ? "Dimmed" : "Brightened") \(scope.phrase) by \(abs(step))%"
        case .setBrightness(let value): return "Set \(scope.phrase) to \(value)%"
        case .setColor(let color): return "Set \(scope.phrase) to \(color)"
        case .setColorTemp(let kelvin): return "Set \(scope.phrase) to \(kelvin) K"
        default: return "Set \(scope.phrase)"
        }
    }

    /// "Set the bedroom thermostat to 21 °C".
    static func temperatureSet(_ scope: TargetScope, _ unit: TemperatureUnit) -> String {
        let targets = Set(scope.devices.compactMap(\.state.target))
        if targets.count == 1, let target = targets.first {
            return "Set \(scope.phrase) to \(unit.format(celsius: target))"
        }
        return "Changed the temperature of \(scope.phrase)"
    }

    /// "The bedroom is 20.5 °C", or the target when no measurement is known.
    static func temperatureReport(_ scope: TargetScope, _ unit: TemperatureUnit) -> String {
        let device = scope.devices[0]
        let place = device.room.map { "the \($0)" } ?? device.spokenName
        if let current = device.state.current {
            return "\(place.prefix(1).uppercased())\(place.dropFirst()) is \(unit.format(celsius: current))"
        }
        if let target = device.state.target {
            return "\(device.spokenName.prefix(1).uppercased())\(device.spokenName.dropFirst()) is set to \(unit.format(celsius: target))"
        }
        return "\(device.spokenName.prefix(1).uppercased())\(device.spokenName.dropFirst()) has no temperature yet"
    }
}
