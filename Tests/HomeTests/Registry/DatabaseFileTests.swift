import Foundation
import Testing
@testable import Home

@Suite struct DatabaseFileTests {
    @Test func fileDatabaseUsesWALAndKeepsData() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("hub.db").path
        do {
            let store = try HomeStore(path: path)
            try store.addRoom(name: "kitchen")
            let mode = try store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
        }
        #expect(try HomeStore(path: path).rooms() == [Room(name: "kitchen")])
    }

    @Test func garbageFileIsNotAHubDatabase() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("hub.db").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x5A, count: 4096))
        #expect(homeErrorMessage { _ = try HomeStore(path: path) } == "database '\(path)' is not a hub database")
    }

    @Test func someoneElsesSQLiteFileIsNotAHubDatabase() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("other.db").path
        try runPython("import sqlite3; sqlite3.connect('\(path)').execute('CREATE TABLE photos (id)')")
        #expect(homeErrorMessage { _ = try HomeStore(path: path) } == "database '\(path)' is not a hub database")
    }

    @Test func databaseLockedByAnotherProcessIsReportedAndNothingIsWritten() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("hub.db").path
        let store = try HomeStore(path: path, busyTimeout: 0.2)
        try store.addRoom(name: "kitchen")

        // Another process holds the write lock until we close its standard input.
        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        locker.arguments = ["python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute('BEGIN IMMEDIATE')
            print('locked', flush=True)
            sys.stdin.read()
            """, path]
        let input = Pipe(), output = Pipe()
        locker.standardInput = input
        locker.standardOutput = output
        try locker.run()
        defer {
            try? input.fileHandleForWriting.close()
            locker.waitUntilExit()
        }
        #expect(output.fileHandleForReading.availableLine() == "locked")

        #expect(homeErrorMessage { try store.addRoom(name: "garage", aliases: ["shed"]) }
            == "database '\(path)' is locked by another process")
        #expect(try store.rooms() == [Room(name: "kitchen")])
    }
}

/// Runs a Python snippet and waits for it.
func runPython(_ code: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", code]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
}

extension FileHandle {
    /// Reads up to the first newline (blocking), without the newline.
    func availableLine() -> String {
        var bytes = Data()
        while let byte = try? read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            bytes.append(first)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
