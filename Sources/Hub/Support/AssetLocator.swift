import Foundation

/// Finds the hub's data folders (`grammars/`, `models/`) without installation steps.
enum AssetLocator {
    /// The first existing folder among `$variable`, `./name`, `<source tree>/name` (for a development
    /// build: the folder holding Package.swift above the executable) and `/usr/local/share/hub/name`.
    static func folder(_ name: String, variable: String) throws -> String {
        let fileManager = FileManager.default
        var candidates: [String] = []
        if let value = ProcessInfo.processInfo.environment[variable] { candidates.append(value) }
        candidates.append(fileManager.currentDirectoryPath + "/" + name)
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            folder.deleteLastPathComponent()
            if fileManager.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                candidates.append(folder.appendingPathComponent(name).path)
                break
            }
        }
        candidates.append("/usr/local/share/hub/" + name)
        var isFolder: ObjCBool = false
        for path in candidates where fileManager.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue {
            return path
        }
        throw AssetError(description: "no \(name) folder found (looked in \(candidates.joined(separator: ", "))); set \(variable) or pass the path explicitly")
    }
}

/// A data folder or file the hub needs is missing.
struct AssetError: Error, CustomStringConvertible {
    let description: String
}
