import Foundation

/// Paths of test data, resolved from this file so tests run from any working directory.
enum TestPaths {
    /// The package root (two levels above `Tests/ASRTests`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/ASRTests/Fixtures`.
    static let fixtures = packageRoot.appendingPathComponent("Tests/ASRTests/Fixtures")

    /// The shipped home grammar.
    static let homeGrammar = packageRoot.appendingPathComponent("grammars/home.yaml")

    /// Home Assistant's intents data, checked out beside the repository as `../shared`.
    static let haIntents = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/ha-intents")

    /// True when the Home Assistant data is present.
    static var haIntentsAvailable: Bool {
        FileManager.default.fileExists(atPath: haIntents.appendingPathComponent("sentences/en").path)
    }
}
