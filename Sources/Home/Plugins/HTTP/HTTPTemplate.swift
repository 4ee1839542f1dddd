import Foundation

/// `{{placeholder}}` substitution for the `http` plugin's URL and body templates.
///
/// Placeholders and their values (from the device and its state after the command; an unset value
/// renders as `null`): `name`, `command` (`turn_on`, `set_brightness`…), `service` (Home Assistant's:
/// `turn_on`, `turn_off`, `set_temperature`, `set_hvac_mode`), `on` (`true`/`false`), `state`
/// (`ON`/`OFF`), `brightness` (0–100), `brightness_254`, `color` (name or `#rrggbb`), `color_hex`,
/// `color_temp` (kelvin), `color_temp_mireds`, `target` and `current` (°C), `mode`.
/// Values are inserted as bare text: write `"{{color}}"` to get a JSON string.
struct HTTPTemplate {
    static let placeholders = [
        "name", "command", "service", "on", "state", "brightness", "brightness_254", "color", "color_hex",
        "color_temp", "color_temp_mireds", "target", "current", "mode",
    ]

    /// The values of every placeholder for `command` on `device`, whose new state is `state`.
    static func values(for command: DeviceCommand, device: Device, state: DeviceState) -> [String: String] {
        let service = switch command {
        case .turnOff: "turn_off"
        case .setTarget, .stepTarget: "set_temperature"
        case .setMode: "set_hvac_mode"
        default: "turn_on"
        }
        let values: [String: String?] = [
            "name": device.name,
            "command": command.name,
            "service": service,
            "on": state.on.map { String($0) },
            "state": state.on.map { $0 ? "ON" : "OFF" },
            "brightness": state.brightness.map { String($0) },
            "brightness_254": state.brightness.map { String(Zigbee2MQTT.brightness254($0)) },
            "color": state.color?.value,
            "color_hex": state.color?.hex,
            "color_temp": state.colorTemp.map { String($0) },
            "color_temp_mireds": state.colorTemp.map { String(Int((1_000_000 / Double($0)).rounded())) },
            "target": state.target.map(TemperatureUnit.number),
            "current": state.current.map(TemperatureUnit.number),
            "mode": state.mode?.rawValue,
        ]
        return values.mapValues { $0 ?? "null" }
    }

    /// `template` with each `{{key}}` (spaces allowed inside the braces) replaced by its value.
    /// - Throws: ``HomeError`` naming an unknown placeholder or an unclosed `{{`.
    static func render(_ template: String, values: [String: String], field: String) throws -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw HomeError("http \(field): unclosed '{{' in template '\(template)'")
            }
            let key = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let value = values[key] else {
                throw HomeError.unknown("placeholder", "{{\(key)}}", candidates: placeholders.map { "{{\($0)}}" })
                    .appending(" in http \(field)")
            }
            output += value
            rest = rest[close.upperBound...]
        }
        return output + rest
    }
}
