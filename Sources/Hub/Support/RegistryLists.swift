import ASR
import Home

/// The grammar's run-time lists, filled from the device registry.
///
/// `{name}` holds every device (name and aliases, with its domain and room as context) and `{area}`
/// every room, so a device added a second ago is understood without touching the grammar.
enum RegistryLists {
    static func lists(from store: HomeStore) throws -> [String: SlotList] {
        [
            "name": SlotList(values: try store.devices().map { device in
                SlotList.Value(
                    phrases: [device.name] + device.aliases,
                    out: .string(device.name),
                    context: ["domain": device.kind.rawValue].merging(device.room.map { ["area": $0] } ?? [:]) { a, _ in a })
            }),
            "area": SlotList(values: try store.rooms().map { room in
                SlotList.Value(phrases: [room.name] + room.aliases, out: .string(room.name))
            }),
        ]
    }
}
