/// One action on one device. Temperatures are Celsius; brightness is percent.
public enum DeviceCommand: Equatable, Sendable, CustomStringConvertible {
    case turnOn
    case turnOff
    /// Set brightness to 0–100 %; 0 turns the light off.
    case setBrightness(Int)
    /// Change brightness by a signed percentage, clamped to 0–100.
    case stepBrightness(Int)
    case setColor(LightColor)
    /// Set colour temperature in kelvin.
    case setColorTemp(Int)
    /// Set the target temperature, °C.
    case setTarget(Double)
    /// Change the target temperature by a signed step, °C.
    case stepTarget(Double)
    case setMode(ClimateMode)

    /// The capability a device needs for this command.
    public var capability: Capability {
        switch self {
        case .turnOn, .turnOff: .onOff
        case .setBrightness, .stepBrightness: .brightness
        case .setColor: .color
        case .setColorTemp: .colorTemp
        case .setTarget, .stepTarget: .targetTemperature
        case .setMode: .hvacMode
        }
    }

    /// A snake_case name, used in logs and by the `http` and `exec` plugins (`turn_on`, `set_target`…).
    public var name: String {
        switch self {
        case .turnOn: "turn_on"
        case .turnOff: "turn_off"
        case .setBrightness: "set_brightness"
        case .stepBrightness: "step_brightness"
        case .setColor: "set_color"
        case .setColorTemp: "set_color_temp"
        case .setTarget: "set_target"
        case .stepTarget: "step_target"
        case .setMode: "set_mode"
        }
    }

    public var description: String {
        switch self {
        case .turnOn, .turnOff: name
        case .setBrightness(let value), .stepBrightness(let value), .setColorTemp(let value): "\(name) \(value)"
        case .setColor(let color): "\(name) \(color)"
        case .setTarget(let value), .stepTarget(let value): "\(name) \(TemperatureUnit.number(value))"
        case .setMode(let mode): "\(name) \(mode.rawValue)"
        }
    }
}

extension DeviceState {
    /// The state after `command`, checked against `device`'s kind and the value ranges.
    ///
    /// Plugins that cannot read state back use this as the new state.
    /// - Parameters:
    ///   - command: the action.
    ///   - device: the device it acts on (for its kind and name).
    ///   - unit: the unit range errors name temperatures in.
    /// - Throws: ``HomeError`` if the device cannot do the command or a value is out of range.
    public func applying(_ command: DeviceCommand, to device: Device, unit: TemperatureUnit = .celsius) throws -> DeviceState {
        guard device.kind.capabilities.contains(command.capability) else {
            throw HomeError("\(device.spokenName) cannot \(command.name.replacingOccurrences(of: "_", with: " ")) (it is a \(device.kind.rawValue))")
        }
        var state = self
        switch command {
        case .turnOn:
            state.on = true
        case .turnOff:
            state.on = false
        case .setBrightness(let value):
            guard StateLimits.brightness.contains(value) else {
                throw HomeError.invalid("brightness", String(value), expected: "0–100")
            }
            state.brightness = value
            state.on = value > 0
        case .stepBrightness(let step):
            let base = (state.on ?? false) ? (state.brightness ?? 100) : 0
            let value = min(max(base + step, StateLimits.brightness.lowerBound), StateLimits.brightness.upperBound)
            state.brightness = value
            state.on = value > 0
        case .setColor(let color):
            state = state.merging(DeviceState(on: true, color: color))
        case .setColorTemp(let kelvin):
            state = state.merging(DeviceState(on: true, colorTemp: kelvin))
        case .setTarget(let celsius):
            state.target = celsius
        case .stepTarget(let step):
            guard let target = state.target else {
                throw HomeError("\(device.spokenName) has no target temperature to change (set one first)")
            }
            state.target = min(max(target + step, StateLimits.target.lowerBound), StateLimits.target.upperBound)
        case .setMode(let mode):
            state.mode = mode
        }
        // A light that comes on without a brightness comes on fully.
        if state.on == true, device.kind.capabilities.contains(.brightness), (state.brightness ?? 0) == 0 {
            state.brightness = 100
        }
        try state.validate(for: device.kind, unit: unit)
        return state
    }
}
