import Home

/// How devices read in the terminal.
enum DeviceText {
    /// One line: name, kind, room, plugin and a short state.
    static func line(_ device: Device, unit: TemperatureUnit) -> String {
        let room = device.room.map { " in \($0)" } ?? ""
        let state = summary(device.state, unit: unit)
        return "\(device.name) (\(device.kind.rawValue)\(room), \(device.plugin))" + (state.isEmpty ? "" : ": \(state)")
    }

    /// Several lines: everything `hub device show` knows.
    static func details(_ device: Device, unit: TemperatureUnit) -> String {
        var lines = [
            "name:    \(device.name)",
            "kind:    \(device.kind.rawValue)",
            "room:    \(device.room ?? "-")",
            "plugin:  \(device.plugin)",
        ]
        if !device.aliases.isEmpty { lines.append("aliases: \(device.aliases.joined(separator: ", "))") }
        for (key, value) in device.config.sorted(by: { $0.key < $1.key }) {
            lines.append("config:  \(key)=\(key.contains("password") || key.contains("token") ? "•••" : value)")
        }
        let state = summary(device.state, unit: unit)
        lines.append("state:   \(state.isEmpty ? "unknown" : state)")
        return lines.joined(separator: "\n")
    }

    /// The set fields of a state, e.g. `on, 40 %, warm white, 2700 K`; temperatures in `unit`.
    static func summary(_ state: DeviceState, unit: TemperatureUnit) -> String {
        var parts: [String] = []
        if let on = state.on { parts.append(on ? "on" : "off") }
        if let brightness = state.brightness { parts.append("\(brightness) %") }
        if let color = state.color { parts.append(color.description) }
        if let kelvin = state.colorTemp { parts.append("\(kelvin) K") }
        if let mode = state.mode { parts.append("mode \(mode.rawValue)") }
        if let target = state.target { parts.append("target \(unit.format(celsius: target))") }
        if let current = state.current { parts.append("now \(unit.format(celsius: current))") }
        return parts.joined(separator: ", ")
    }
}
