import Home

/// The registry's words the recognizers are compiled with: room and device names, aliases, kinds and
/// rooms. When it changes (a device added while `hub serve` runs), the server compiles them again;
/// device state is left out, so actions never cause a recompilation.
struct RegistryVocabulary: Equatable {
    private let rooms: [Room]
    private let devices: [[String]]

    /// Reads the vocabulary from the registry.
    init(_ store: HomeStore) throws {
        rooms = try store.rooms()
        devices = try store.devices().map { [$0.name, $0.kind.rawValue, $0.room ?? ""] + $0.aliases }
    }
}
