import GRDB

extension HomeStore {
    // MARK: - Devices

    /// Adds a device.
    /// - Parameters:
    ///   - name: a name not yet used by any device or device alias (case-insensitive).
    ///   - kind: what the device is.
    ///   - room: the room's name or alias, or `nil`.
    ///   - plugin: the plugin that drives it (default `virtual`).
    ///   - config: plugin settings.
    ///   - aliases: other names for the device, equally unique.
    ///   - state: the initial state, checked against the kind.
    /// - Returns: the device as stored.
    /// - Throws: ``HomeError`` for a duplicate name, unknown room or invalid state.
    @discardableResult
    public func addDevice(
        name: String, kind: DeviceKind, room: String? = nil, plugin: String = "virtual",
        config: [String: String] = [:], aliases: [String] = [], state: DeviceState = DeviceState()
    ) throws -> Device {
        let unit = try temperatureUnit()
        try state.validate(for: kind, unit: unit)
        return try write { db in
            let device = Device(
                name: Self.clean(name), kind: kind, room: nil, plugin: Self.clean(plugin), config: config,
                aliases: aliases.map(Self.clean), state: state)
            try Self.checkNewNames(device.allNames, taken: Self.deviceNames(db), what: "device")
            guard !device.plugin.isEmpty else { throw HomeError("plugin name must not be empty") }
            let roomRecord = try room.map { try Self.roomRecord(named: $0, db) }
            var record = DeviceRecord(
                name: device.name, kind: kind, roomId: roomRecord?.id, plugin: device.plugin,
                config: config, state: state)
            try record.insert(db)
            for alias in device.aliases {
                try DeviceAliasRecord(deviceId: record.id!, alias: alias).insert(db)
            }
            return try Self.device(from: record, db)
        }
    }

    /// All devices by name, optionally only those in one room.
    /// - Parameter room: a room name or alias; `nil` for every device.
    /// - Throws: ``HomeError`` if the room is unknown.
    public func devices(in room: String? = nil) throws -> [Device] {
        try read { db in
            var request = DeviceRecord.all().orderedByName()
            if let room {
                request = request.inRoom(try Self.roomRecord(named: room, db).id!)
            }
            return try request.fetchAll(db).map { try Self.device(from: $0, db) }
        }
    }

    /// The device named `name`: an exact name or alias (case-insensitive), else the one device whose
    /// name contains all of `name`'s words ("lamp" finds "desk lamp" when it is the only lamp).
    /// - Throws: ``HomeError`` for an unknown (with a suggestion) or ambiguous name.
    public func device(named name: String) throws -> Device {
        try read { db in try Self.device(from: Self.deviceRecord(named: name, db), db) }
    }

    /// Removes a device, its aliases with it.
    /// - Throws: ``HomeError`` if the device is unknown.
    public func removeDevice(_ name: String) throws {
        try write { db in _ = try Self.deviceRecord(named: name, db).delete(db) }
    }

    /// Parses, checks and merges `key=value` state (`on=true brightness=40 target=21.5 mode=heat`)
    /// into a device's stored state, without driving the device.
    /// - Parameters:
    ///   - device: the device's name or alias.
    ///   - values: state keys and text values; temperatures in the configured unit.
    /// - Returns: the device with its new state.
    /// - Throws: ``HomeError`` for an unknown device or key, or an invalid value.
    @discardableResult
    public func set(device name: String, values: [String: String]) throws -> Device {
        let unit = try temperatureUnit()
        return try write { db in
            var record = try Self.deviceRecord(named: name, db)
            let change = try DeviceState(parsing: values, for: record.kind, unit: unit)
            record.state = record.state.merging(change)
            try record.update(db)
            return try Self.device(from: record, db)
        }
    }

    /// Replaces a device's stored state, as reported by its plugin.
    /// - Throws: ``HomeError`` if the device is unknown or the state does not suit its kind.
    @discardableResult
    public func setState(_ state: DeviceState, of name: String) throws -> Device {
        let unit = try temperatureUnit()
        return try write { db in
            var record = try Self.deviceRecord(named: name, db)
            try state.validate(for: record.kind, unit: unit)
            record.state = state
            try record.update(db)
            return try Self.device(from: record, db)
        }
    }

    // MARK: - Helpers

    static func deviceRecord(named name: String, _ db: Database) throws -> DeviceRecord {
        if let record = try DeviceRecord.all().named(name).fetchOne(db) {
            return record
        }
        if let alias = try DeviceAliasRecord.all().alias(name).fetchOne(db) {
            return try DeviceRecord.fetchOne(db, key: alias.deviceId)!
        }
        let words = Set(NameMatcher.normalize(name).split(separator: " "))
        let all = try DeviceRecord.fetchAll(db)
        let aliases = try Dictionary(grouping: DeviceAliasRecord.fetchAll(db), by: \.deviceId)
        let containing = all.filter { record in
            ([record.name] + (aliases[record.id!] ?? []).map(\.alias)).contains { candidate in
                words.isSubset(of: NameMatcher.normalize(candidate).split(separator: " "))
            }
        }
        switch containing.count {
        case 1: return containing[0]
        case 0: throw HomeError.unknown("device", name, candidates: try deviceNames(db))
        default:
            let names = containing.map(\.name).sorted().map { "'\($0)'" }.joined(separator: ", ")
            throw HomeError("ambiguous device '\(name)': could be \(names)")
        }
    }

    static func deviceNames(_ db: Database) throws -> [String] {
        try DeviceRecord.fetchAll(db).map(\.name) + DeviceAliasRecord.fetchAll(db).map(\.alias)
    }

    static func device(from record: DeviceRecord, _ db: Database) throws -> Device {
        let room = try record.roomId.flatMap { try RoomRecord.fetchOne(db, key: $0) }
        let aliases = try DeviceAliasRecord.all().of(deviceId: record.id!).fetchAll(db)
        return Device(
            name: record.name, kind: record.kind, room: room?.name, plugin: record.plugin,
            config: record.config, aliases: aliases.map(\.alias), state: record.state)
    }
}
