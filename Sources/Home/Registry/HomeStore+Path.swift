import Foundation

extension HomeStore {
    /// The database path when none is given on the command line (the CLI handles `--db` first):
    /// `$HUB_DB`, else `$XDG_DATA_HOME/hub/hub.db`, else `~/.local/share/hub/hub.db`.
    /// Creates the file's directory if it is missing.
    ///
    /// - Parameter environment: the process environment (injectable for tests).
    /// - Returns: the database file path.
    /// - Throws: ``HomeError`` if the directory cannot be created.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let path: String
        if let explicit = environment["HUB_DB"], !explicit.isEmpty {
            path = explicit
        } else if let dataHome = environment["XDG_DATA_HOME"], dataHome.hasPrefix("/") {
            path = dataHome + "/hub/hub.db"
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            path = home + "/.local/share/hub/hub.db"
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw HomeError("cannot create directory '\(directory)' for the hub database: \(error.localizedDescription)")
            }
        }
        return path
    }
}
