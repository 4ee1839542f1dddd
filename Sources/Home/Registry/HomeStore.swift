import Foundation
import GRDB

/// The device registry: rooms, devices and their state, settings and the event log, in one SQLite file.
///
/// File databases use WAL mode, so the CLI can read while the hub writes. Every change runs in one
/// transaction: a failed call leaves nothing half-written. All errors are ``HomeError``s.
public final class HomeStore: Sendable {
    let writer: any DatabaseWriter
    /// The database file, or `nil` for an in-memory store.
    public let path: String?

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// - Parameters:
    ///   - path: the database file.
    ///   - busyTimeout: how long to wait for another process's lock before giving up.
    /// - Throws: ``HomeError`` if the file is locked, is not a hub database, or cannot be opened.
    public init(path: String, busyTimeout: TimeInterval = 5) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.label = "hub"
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            writer = pool
            try migrate()
        } catch {
            throw Self.translate(error, path: path)
        }
    }

    private init(writer: any DatabaseWriter) throws {
        self.writer = writer
        self.path = nil
        try migrate()
    }

    /// A fresh, empty store in memory, for tests and trials.
    public static func inMemory() throws -> HomeStore {
        try HomeStore(writer: DatabaseQueue())
    }

    private func migrate() throws {
        try write { db in
            // A valid SQLite file with tables but no migration log was made by something else.
            let migrated = try db.tableExists("grdb_migrations")
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            if !migrated, !tables.isEmpty {
                throw HomeError("database '\(path ?? ":memory:")' is not a hub database")
            }
        }
        try perform { try HomeMigrations.migrator.migrate(writer) }
    }

    // MARK: - Database access with clear errors

    /// Runs `updates` in one write transaction, translating database errors.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        try perform { try writer.write(updates) }
    }

    /// Runs `value` in a read transaction, translating database errors.
    func read<T>(_ value: (Database) throws -> T) throws -> T {
        try perform { try writer.read(value) }
    }

    private func perform<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw Self.translate(error, path: path ?? ":memory:")
        }
    }

    static func translate(_ error: any Error, path: String) -> HomeError {
        if let error = error as? HomeError { return error }
        guard let error = error as? DatabaseError else { return HomeError("database '\(path)': \(error)") }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return HomeError("database '\(path)' is locked by another process")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return HomeError("database '\(path)' is not a hub database")
        case .SQLITE_CANTOPEN:
            return HomeError("cannot open database '\(path)': \(error.message ?? "unable to open file")")
        default:
            return HomeError("database '\(path)': \(error.message ?? error.description)")
        }
    }
}
