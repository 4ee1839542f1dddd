import GRDB

// Reusable queries, one extension per record type.

extension DerivableRequest<RoomRecord> {
    /// Rooms whose name is `name`, ignoring case.
    func named(_ name: String) -> Self {
        filter(RoomRecord.Columns.name.collating(.nocase) == NameMatcher.normalize(name))
    }

    /// Rooms by name, ignoring case.
    func orderedByName() -> Self {
        order(RoomRecord.Columns.name.collating(.nocase))
    }
}

extension DerivableRequest<RoomAliasRecord> {
    /// The alias row for `alias`, ignoring case.
    func alias(_ alias: String) -> Self {
        filter(RoomAliasRecord.Columns.alias.collating(.nocase) == NameMatcher.normalize(alias))
    }

    /// The aliases of the room with id `roomId`.
    func of(roomId: Int64) -> Self {
        filter(RoomAliasRecord.Columns.roomId == roomId)
    }
}

extension DerivableRequest<DeviceRecord> {
    /// Devices whose name is `name`, ignoring case.
    func named(_ name: String) -> Self {
        filter(DeviceRecord.Columns.name.collating(.nocase) == NameMatcher.normalize(name))
    }

    /// Devices by name, ignoring case.
    func orderedByName() -> Self {
        order(DeviceRecord.Columns.name.collating(.nocase))
    }

    /// The devices in the room with id `roomId`.
    func inRoom(_ roomId: Int64) -> Self {
        filter(DeviceRecord.Columns.roomId == roomId)
    }
}

extension DerivableRequest<DeviceAliasRecord> {
    /// The alias row for `alias`, ignoring case.
    func alias(_ alias: String) -> Self {
        filter(DeviceAliasRecord.Columns.alias.collating(.nocase) == NameMatcher.normalize(alias))
    }

    /// The aliases of the device with id `deviceId`.
    func of(deviceId: Int64) -> Self {
        filter(DeviceAliasRecord.Columns.deviceId == deviceId)
    }
}
