/// Finds the devices an intent means, from its `name`, `area` and `domain` slots and its context.
struct TargetResolver {
    let store: HomeStore
    let request: IntentRequest

    private var slots: IntentSlots { IntentSlots(slots: request.slots) }

    /// Devices for on/off and light intents: the named device, the devices of an area (slot, else
    /// the context's area), or the whole house's devices of `domain`.
    /// - Parameters:
    ///   - capability: what the devices must be able to do.
    ///   - noun: how an error names the devices wanted when no domain is given ("devices", "lights").
    func devices(with capability: Capability, noun: String) throws -> TargetScope {
        let domain = try slots.domain()
        if let name = slots.text("name") {
            return .device(try store.device(named: name))
        }
        let wanted = domain?.plural ?? noun
        if let area = slots.text("area") ?? request.context["area"] {
            let room = try store.room(named: area)
            let devices = try store.devices(in: room.name).filter { matches($0, capability, domain) }
            guard !devices.isEmpty else { throw HomeError("no \(wanted) in the \(room.name)") }
            return .room(room.name, devices)
        }
        guard domain != nil else {
            throw HomeError("which \(wanted)? (name a device, an area, or a kind like 'lights')")
        }
        let devices = try store.devices().filter { matches($0, capability, domain) }
        guard !devices.isEmpty else { throw HomeError("no \(wanted) in the house") }
        return .house(devices)
    }

    /// Thermostats for climate intents: the named one, those of the area slot, those of the context's
    /// area if it has any, else the only one in the house.
    /// - Parameter single: whether exactly one is needed (reading a temperature).
    func thermostats(single: Bool) throws -> TargetScope {
        if let name = slots.text("name") {
            let device = try store.device(named: name)
            guard device.kind == .climate else {
                throw HomeError("\(device.spokenName) is a \(device.kind.rawValue), not a thermostat")
            }
            return .device(device)
        }
        if let area = slots.text("area") {
            let room = try store.room(named: area)
            let devices = try store.devices(in: room.name).filter { $0.kind == .climate }
            guard !devices.isEmpty else { throw HomeError("no thermostats in the \(room.name)") }
            return try pick(.room(room.name, devices), single: single, place: " in the \(room.name)")
        }
        if let area = request.context["area"] {
            let room = try store.room(named: area)
            let devices = try store.devices(in: room.name).filter { $0.kind == .climate }
            if !devices.isEmpty { return try pick(.room(room.name, devices), single: single, place: " in the \(room.name)") }
        }
        let devices = try store.devices().filter { $0.kind == .climate }
        guard !devices.isEmpty else { throw HomeError("no thermostats in the house") }
        return try pick(.house(devices), single: true, place: "")
    }

    private func pick(_ scope: TargetScope, single: Bool, place: String) throws -> TargetScope {
        let devices = scope.devices
        guard single, devices.count > 1 else { return scope }
        let names = devices.map { "'\($0.name)'" }.joined(separator: ", ")
        throw HomeError("which thermostat\(place)? (there are \(devices.count): \(names))")
    }

    private func matches(_ device: Device, _ capability: Capability, _ domain: DeviceKind?) -> Bool {
        device.kind.capabilities.contains(capability) && (domain == nil || device.kind == domain)
    }
}
