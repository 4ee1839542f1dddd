import ArgumentParser
import ASR
import Foundation

/// `--grammar` paths, and where the shipped `grammars/` folder is found when none are given.
struct GrammarOptions: ParsableArguments {
    @Option(name: .customLong("grammar"), help: ArgumentHelp(
        "A grammar YAML file or folder; repeat to combine several.",
        discussion: "Without it: $HUB_GRAMMARS, ./grammars, or or the grammars/ folder of the source tree the hub was built in.",
        valueName: "path"))
    var paths: [String] = []

    /// Loads and merges the grammar files.
    func load() throws -> Grammar {
        try Grammar.load(paths: paths.isEmpty ? [try Self.defaultFolder()] : paths)
    }

    /// The first existing folder of `$HUB_GRAMMARS`, `./grammars` and `<repo>/grammars` beside the executable's build folder.
    static func defaultFolder() throws -> String {
        let fileManager = FileManager.default
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["HUB_GRAMMARS"] { candidates.append(env) }
        candidates.append(fileManager.currentDirectoryPath + "/grammars")
        // A development build: <repo>/.build/<triple>/<config>/hub, with <repo>/Package.swift.
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            folder.deleteLastPathComponent()
            if fileManager.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                candidates.append(folder.appendingPathComponent("grammars").path)
                break
            }
        }
        candidates.append("/usr/local/share/hub/grammars")
        var isFolder: ObjCBool = false
        for path in candidates where fileManager.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue {
            return path
        }
        throw ValidationError("no grammars folder found (looked in \(candidates.joined(separator: ", "))); pass --grammar PATH or set HUB_GRAMMARS")
    }
}
