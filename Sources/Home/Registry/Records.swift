import Foundation
import GRDB

// One Codable record per table. Column constraints live in `HomeMigrations`.

/// A row of `room`.
struct RoomRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "room"
    var id: Int64?
    var name: String

    enum Columns {
        static let name = Column(CodingKeys.name)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A row of `room_alias`: another name a room answers to.
struct RoomAliasRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "room_alias"
    var roomId: Int64
    var alias: String

    enum Columns {
        static let roomId = Column(CodingKeys.roomId)
        static let alias = Column(CodingKeys.alias)
    }
}

/// A row of `device`; `config` and `state` are stored as JSON text.
struct DeviceRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "device"
    var id: Int64?
    var name: String
    var kind: DeviceKind
    var roomId: Int64?
    var plugin: String
    var config: [String: String]
    var state: DeviceState

    enum Columns {
        static let name = Column(CodingKeys.name)
        static let roomId = Column(CodingKeys.roomId)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A row of `device_alias`: another name a device answers to.
struct DeviceAliasRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "device_alias"
    var deviceId: Int64
    var alias: String

    enum Columns {
        static let deviceId = Column(CodingKeys.deviceId)
        static let alias = Column(CodingKeys.alias)
    }
}

/// A row of `setting`: one key and its text value.
struct SettingRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "setting"
    var key: String
    var value: String
}

/// A row of `event`; `slots` and `targets` are stored as JSON text.
struct EventRecord: FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "event"
    var id: Int64?
    var event: Event

    enum Columns {
        static let id = Column("id")
    }

    init(_ event: Event) {
        self.id = event.id
        self.event = event
    }

    init(row: Row) throws {
        id = row["id"]
        event = Event(
            time: row["time"], source: EventSource(rawValue: row["source"]) ?? .cli, text: row["text"],
            intent: row["intent"], slots: try Self.decode(row["slots"]), targets: try Self.decode(row["targets"]),
            outcome: row["outcome"], error: row["error"], confidence: row["confidence"])
        event.id = id
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["time"] = event.time
        container["source"] = event.source.rawValue
        container["text"] = event.text
        container["intent"] = event.intent
        container["slots"] = try Self.encode(event.slots)
        container["targets"] = try Self.encode(event.targets)
        container["outcome"] = event.outcome
        container["error"] = event.error
        container["confidence"] = event.confidence
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
        event.id = inserted.rowID
    }

    private static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func decode<T: Decodable>(_ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
