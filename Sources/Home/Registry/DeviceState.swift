/// The last known state of a device. Unset keys are omitted when encoded.
///
/// Temperatures (`target`, `current`) are always Celsius; ``TemperatureUnit`` converts at the edges.
public struct DeviceState: Codable, Equatable, Sendable {
    /// Whether a light, switch or fan is on.
    public var on: Bool?
    /// Light brightness in percent, 0–100.
    public var brightness: Int?
    /// Light colour (name or `#rrggbb`); cleared when a colour temperature is set.
    public var color: LightColor?
    /// Light colour temperature in kelvin; cleared when a colour is set.
    public var colorTemp: Int?
    /// Climate target temperature, °C.
    public var target: Double?
    /// Climate HVAC mode.
    public var mode: ClimateMode?
    /// Climate measured temperature, °C, when known.
    public var current: Double?

    enum CodingKeys: String, CodingKey {
        case on, brightness, color
        case colorTemp = "color_temp"
        case target, mode, current
    }

    /// Creates a state; every key defaults to unset.
    public init(
        on: Bool? = nil, brightness: Int? = nil, color: LightColor? = nil, colorTemp: Int? = nil,
        target: Double? = nil, mode: ClimateMode? = nil, current: Double? = nil
    ) {
        self.on = on
        self.brightness = brightness
        self.color = color
        self.colorTemp = colorTemp
        self.target = target
        self.mode = mode
        self.current = current
    }

    /// The capabilities whose key is set in this state.
    var setKeys: [Capability] {
        var keys: [Capability] = []
        if on != nil { keys.append(.onOff) }
        if brightness != nil { keys.append(.brightness) }
        if color != nil { keys.append(.color) }
        if colorTemp != nil { keys.append(.colorTemp) }
        if target != nil { keys.append(.targetTemperature) }
        if mode != nil { keys.append(.hvacMode) }
        if current != nil { keys.append(.currentTemperature) }
        return keys
    }

    /// This state with every key set in `other` taking `other`'s value.
    public func merging(_ other: DeviceState) -> DeviceState {
        var merged = self
        merged.on = other.on ?? on
        merged.brightness = other.brightness ?? brightness
        merged.color = other.color ?? color
        merged.colorTemp = other.colorTemp ?? colorTemp
        if other.color != nil, other.colorTemp == nil { merged.colorTemp = nil }
        if other.colorTemp != nil, other.color == nil { merged.color = nil }
        merged.target = other.target ?? target
        merged.mode = other.mode ?? mode
        merged.current = other.current ?? current
        return merged
    }
}
