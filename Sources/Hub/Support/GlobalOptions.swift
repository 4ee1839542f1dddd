import ArgumentParser
import Foundation
import Home
import Logging
import Synchronization

/// Flags every subcommand shares: where the registry lives, how much to log, and the output format.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Registry database path.",
        discussion: "Defaults to $HUB_DB, then $XDG_DATA_HOME/hub/hub.db, then ~/.local/share/hub/hub.db.",
        valueName: "path"))
    var db: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .warning

    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false

    /// The database path after applying `--db`, `HUB_DB` and the XDG default, in that order.
    func databasePath() throws -> String {
        if let db { return db }
        return try HomeStore.defaultPath(environment: ProcessInfo.processInfo.environment)
    }

    /// Opens (and migrates) the registry.
    func openStore() throws -> HomeStore {
        LoggingSystem.bootstrapOnce(level: logLevel)
        return try HomeStore(path: databasePath())
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension LoggingSystem {
    private static let bootstrapped = Mutex(false)

    /// Sends log lines to stderr at `level`; later calls are ignored.
    static func bootstrapOnce(level: Logger.Level) {
        bootstrapped.withLock { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
