import ArgumentParser
import ASR

/// `--grammar` paths, and the shipped `grammars/` folder when none are given.
struct GrammarOptions: ParsableArguments {
    @Option(name: .customLong("grammar"), help: ArgumentHelp(
        "A grammar YAML file or folder; repeat to combine several.",
        discussion: "Without it: $HUB_GRAMMARS, ./grammars, or the grammars/ folder of the source tree the hub was built in.",
        valueName: "path"))
    var paths: [String] = []

    /// Loads and merges the grammar files.
    func load() throws -> Grammar {
        try Grammar.load(paths: paths.isEmpty ? [try AssetLocator.folder("grammars", variable: "HUB_GRAMMARS")] : paths)
    }
}
