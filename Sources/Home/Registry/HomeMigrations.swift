import GRDB

/// The schema, as named migrations applied in order. Never edit a shipped migration: add one.
enum HomeMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1: rooms") { db in
            try db.create(table: "room") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique().collate(.nocase)
                    .check { length($0) > 0 }
            }
            try db.create(table: "room_alias") { t in
                t.belongsTo("room", onDelete: .cascade).notNull()
                t.column("alias", .text).notNull().unique().collate(.nocase)
                    .check { length($0) > 0 }
            }
        }

        migrator.registerMigration("v1: devices") { db in
            try db.create(table: "device") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique().collate(.nocase)
                    .check { length($0) > 0 }
                t.column("kind", .text).notNull()
                    .check { DeviceKind.allCases.map(\.rawValue).contains($0) }
                t.belongsTo("room", onDelete: .restrict)
                t.column("plugin", .text).notNull().check { length($0) > 0 }
                t.column("config", .jsonText).notNull().defaults(to: "{}")
                t.column("state", .jsonText).notNull().defaults(to: "{}")
            }
            try db.create(table: "device_alias") { t in
                t.belongsTo("device", onDelete: .cascade).notNull()
                t.column("alias", .text).notNull().unique().collate(.nocase)
                    .check { length($0) > 0 }
            }
        }

        migrator.registerMigration("v1: settings") { db in
            try db.create(table: "setting") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }

        migrator.registerMigration("v1: events") { db in
            try db.create(table: "event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("time", .datetime).notNull().indexed()
                t.column("source", .text).notNull()
                    .check { EventSource.allCases.map(\.rawValue).contains($0) }
                t.column("text", .text).notNull()
                t.column("intent", .text)
                t.column("slots", .jsonText).notNull().defaults(to: "{}")
                t.column("targets", .jsonText).notNull().defaults(to: "[]")
                t.column("outcome", .text)
                t.column("error", .text)
                t.check(sql: "(outcome IS NULL) <> (error IS NULL)")
            }
        }

        migrator.registerMigration("v2: event confidence") { db in
            try db.alter(table: "event") { t in
                t.add(column: "confidence", .double)
            }
        }

        migrator.registerMigration("v2: api tokens") { db in
            try db.create(table: "api_token") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique().collate(.nocase)
                    .check { length($0) > 0 }
                t.column("hash", .text).notNull().unique()
                    .check { length($0) == 64 }
                t.column("created", .datetime).notNull()
            }
        }
        return migrator
    }
}
