import Foundation

/// Zigbee2MQTT payloads: commands to `<base>/<friendly_name>/set` and state from `<base>/<friendly_name>`.
///
/// Lights: `{"state":"ON"|"OFF","brightness":0–254,"color_temp":<mireds>,"color":{"hex":"#rrggbb"}}`.
/// Climate: `{"occupied_heating_setpoint":21.5,"system_mode":"heat"}`, measured `local_temperature`.
enum Zigbee2MQTT {
    /// The `/set` payload for `command`, given the device state after it.
    static func setPayload(for command: DeviceCommand, newState state: DeviceState) -> [String: Any] {
        switch command {
        case .turnOn: return ["state": "ON"]
        case .turnOff: return ["state": "OFF"]
        case .setBrightness, .stepBrightness:
            let percent = state.brightness ?? 0
            return percent == 0 ? ["state": "OFF"] : ["state": "ON", "brightness": brightness254(percent)]
        case .setColor(let color): return ["state": "ON", "color": ["hex": color.hex]]
        case .setColorTemp(let kelvin): return ["state": "ON", "color_temp": Int((1_000_000 / Double(kelvin)).rounded())]
        case .setTarget, .stepTarget: return ["occupied_heating_setpoint": state.target ?? 0]
        case .setMode(let mode): return ["system_mode": mode.rawValue]
        }
    }

    /// The `/get` payload asking for the state keys a device of `kind` has.
    static func getPayload(for kind: DeviceKind) -> [String: Any] {
        var keys: [String] = []
        let capabilities = kind.capabilities
        if capabilities.contains(.onOff) { keys.append("state") }
        if capabilities.contains(.brightness) { keys.append("brightness") }
        if capabilities.contains(.colorTemp) { keys.append("color_temp") }
        if capabilities.contains(.color) { keys.append("color") }
        if capabilities.contains(.targetTemperature) { keys.append("occupied_heating_setpoint") }
        if capabilities.contains(.hvacMode) { keys.append("system_mode") }
        if capabilities.contains(.currentTemperature) { keys.append("local_temperature") }
        return Dictionary(uniqueKeysWithValues: keys.map { ($0, "") })
    }

    /// Parses a state publication into the keys a device of `kind` has; unknown or malformed
    /// values are ignored, as Zigbee2MQTT adds keys (linkquality, update…) freely.
    /// - Throws: ``HomeError`` if the payload is not a JSON object.
    static func state(from payload: Data, kind: DeviceKind, topic: String) throws -> DeviceState {
        guard let json = try? JSONSerialization.jsonObject(with: payload) as? [String: Any] else {
            throw HomeError("mqtt: state on '\(topic)' is not a JSON object: \(String(decoding: payload.prefix(80), as: UTF8.self))")
        }
        var state = DeviceState()
        let capabilities = kind.capabilities
        if capabilities.contains(.onOff), let text = json["state"] as? String {
            state.on = text.uppercased() == "ON"
        }
        if capabilities.contains(.brightness), let value = json["brightness"] as? Double {
            state.brightness = min(100, max(0, Int((value * 100 / 254).rounded())))
        }
        if capabilities.contains(.colorTemp), let mireds = json["color_temp"] as? Double, mireds > 0 {
            state.colorTemp = Int((1_000_000 / mireds).rounded())
        }
        if capabilities.contains(.color), let color = json["color"] as? [String: Any],
           let hex = color["hex"] as? String, let parsed = try? LightColor(parsing: hex) {
            state.color = parsed
        }
        if capabilities.contains(.targetTemperature), let value = json["occupied_heating_setpoint"] as? Double {
            state.target = value
        }
        if capabilities.contains(.hvacMode), let text = json["system_mode"] as? String {
            state.mode = try? ClimateMode(parsing: text)
        }
        if capabilities.contains(.currentTemperature), let value = json["local_temperature"] as? Double {
            state.current = value
        }
        return state
    }

    /// JSON bytes of a payload, keys sorted.
    static func encode(_ payload: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// Percent 0–100 to Zigbee's 0–254.
    static func brightness254(_ percent: Int) -> Int {
        Int((Double(percent) * 254 / 100).rounded())
    }
}
