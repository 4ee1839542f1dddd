/// What a device is, which decides what it can do.
///
/// To add a kind (e.g. `cover`), add a case and its capabilities; state keys, validation and intents
/// follow from the capabilities.
public enum DeviceKind: String, Codable, CaseIterable, Sendable {
    case light
    case climate
    case `switch`
    case fan

    /// What devices of this kind can do.
    public var capabilities: Set<Capability> {
        switch self {
        case .light: [.onOff, .brightness, .color, .colorTemp]
        case .climate: [.targetTemperature, .hvacMode, .currentTemperature]
        case .switch, .fan: [.onOff]
        }
    }

    /// The plural noun used in responses ("2 lights").
    var plural: String {
        switch self {
        case .light: "lights"
        case .climate: "thermostats"
        case .switch: "switches"
        case .fan: "fans"
        }
    }

    /// Parses a kind name (case-insensitive), naming the valid ones on failure.
    public init(parsing name: String) throws {
        guard let kind = DeviceKind(rawValue: NameMatcher.normalize(name)) else {
            let valid = DeviceKind.allCases.map(\.rawValue)
            throw HomeError.unknown("kind", name, candidates: valid)
                .appending(" (expected one of: \(valid.joined(separator: ", ")))")
        }
        self = kind
    }
}

/// One thing a device kind can do; each maps to one state key.
public enum Capability: String, Sendable, CaseIterable {
    case onOff = "on"
    case brightness
    case color
    case colorTemp = "color_temp"
    case targetTemperature = "target"
    case hvacMode = "mode"
    case currentTemperature = "current"
}

extension HomeError {
    func appending(_ text: String) -> HomeError {
        HomeError(message + text)
    }
}
