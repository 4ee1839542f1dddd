/// The devices an intent acts on and how the request named them, which shapes the response.
enum TargetScope {
    /// One device named by `name`.
    case device(Device)
    /// Devices in one room.
    case room(String, [Device])
    /// Devices across the house.
    case house([Device])

    var devices: [Device] {
        switch self {
        case .device(let device): [device]
        case .room(_, let devices), .house(let devices): devices
        }
    }

    /// This scope with its devices replaced (by their updated values), same shape.
    func with(_ devices: [Device]) -> TargetScope {
        switch self {
        case .device: .device(devices[0])
        case .room(let room, _): .room(room, devices)
        case .house: .house(devices)
        }
    }

    /// How a response names the targets: "the kitchen light", "2 lights in the kitchen", "5 lights".
    var phrase: String {
        switch self {
        case .device(let device): return device.spokenName
        case .room(let room, let devices):
            return devices.count == 1 ? devices[0].spokenName : "\(Self.count(devices)) in the \(room)"
        case .house(let devices):
            return devices.count == 1 ? devices[0].spokenName : Self.count(devices)
        }
    }

    /// "2 lights", "3 devices".
    static func count(_ devices: [Device]) -> String {
        let kinds = Set(devices.map(\.kind))
        if kinds.count == 1, let kind = kinds.first {
            return "\(devices.count) \(devices.count == 1 ? kind.singular : kind.plural)"
        }
        return "\(devices.count) \(devices.count == 1 ? "device" : "devices")"
    }
}

extension DeviceKind {
    /// The singular noun used in responses ("light", "thermostat").
    var singular: String { self == .climate ? "thermostat" : rawValue }
}
