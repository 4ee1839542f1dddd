import GRDB

extension HomeStore {
    // MARK: - Rooms

    /// Adds a room.
    /// - Parameters:
    ///   - name: a name not yet used by any room or room alias (case-insensitive).
    ///   - aliases: other names for the room, equally unique.
    /// - Returns: the room as stored.
    /// - Throws: ``HomeError`` for an empty or duplicate name.
    @discardableResult
    public func addRoom(name: String, aliases: [String] = []) throws -> Room {
        let room = Room(name: Self.clean(name), aliases: aliases.map(Self.clean))
        try write { db in
            try Self.checkNewNames(room.allNames, taken: Self.roomNames(db), what: "room")
            var record = RoomRecord(name: room.name)
            try record.insert(db)
            for alias in room.aliases {
                try RoomAliasRecord(roomId: record.id!, alias: alias).insert(db)
            }
        }
        return room
    }

    /// All rooms, by name.
    public func rooms() throws -> [Room] {
        try read { db in
            let aliases = try Dictionary(grouping: RoomAliasRecord.fetchAll(db), by: \.roomId)
            return try RoomRecord.all().orderedByName().fetchAll(db).map { record in
                Room(name: record.name, aliases: (aliases[record.id!] ?? []).map(\.alias))
            }
        }
    }

    /// The room whose name or alias is `name` (case-insensitive).
    /// - Throws: ``HomeError`` `unknown room 'kichen' (did you mean 'kitchen'?)`.
    public func room(named name: String) throws -> Room {
        try read { db in
            let record = try Self.roomRecord(named: name, db)
            let aliases = try RoomAliasRecord.all().of(roomId: record.id!).fetchAll(db)
            return Room(name: record.name, aliases: aliases.map(\.alias))
        }
    }

    /// Removes a room that holds no devices.
    /// - Throws: ``HomeError`` if the room is unknown or still holds devices.
    public func removeRoom(_ name: String) throws {
        try write { db in
            let record = try Self.roomRecord(named: name, db)
            let devices = try DeviceRecord.all().inRoom(record.id!).orderedByName().fetchAll(db).map(\.name)
            guard devices.isEmpty else {
                throw HomeError("room '\(record.name)' still holds \(devices.count) device(s): \(devices.joined(separator: ", ")) (move or remove them first)")
            }
            try record.delete(db)
        }
    }

    // MARK: - Helpers

    static func roomRecord(named name: String, _ db: Database) throws -> RoomRecord {
        if let record = try RoomRecord.all().named(name).fetchOne(db) {
            return record
        }
        if let alias = try RoomAliasRecord.all().alias(name).fetchOne(db) {
            return try RoomRecord.fetchOne(db, key: alias.roomId)!
        }
        throw HomeError.unknown("room", name, candidates: try roomNames(db))
    }

    static func roomNames(_ db: Database) throws -> [String] {
        try RoomRecord.fetchAll(db).map(\.name) + RoomAliasRecord.fetchAll(db).map(\.alias)
    }

    /// Trims and collapses whitespace in a user-given name.
    static func clean(_ name: String) -> String {
        name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Throws if any new name is empty, repeated, or already taken.
    static func checkNewNames(_ names: [String], taken: [String], what: String) throws {
        var seen = Set(taken.map(NameMatcher.normalize))
        for name in names {
            guard !name.isEmpty else { throw HomeError("\(what) name must not be empty") }
            guard seen.insert(NameMatcher.normalize(name)).inserted else {
                throw HomeError("duplicate \(what) name '\(name)' (already used by a \(what) or alias)")
            }
        }
    }
}
