@testable import Home

/// A small house on an in-memory database:
/// kitchen (alias "cooking area"): kitchen light (off, 50 %), kitchen spots (alias "spots"), coffee maker (switch);
/// bedroom: bedroom lamp, bedroom thermostat (target 20, heat, current 20.5); garage: empty.
func makeHome() throws -> HomeStore {
    let store = try HomeStore.inMemory()
    try store.addRoom(name: "Kitchen", aliases: ["cooking area"])
    try store.addRoom(name: "Bedroom")
    try store.addRoom(name: "Garage")
    try store.addDevice(name: "kitchen light", kind: .light, room: "kitchen", state: DeviceState(on: false, brightness: 50))
    try store.addDevice(name: "kitchen spots", kind: .light, room: "Kitchen", aliases: ["spots"])
    try store.addDevice(name: "coffee maker", kind: .switch, room: "kitchen")
    try store.addDevice(name: "bedroom lamp", kind: .light, room: "bedroom")
    try store.addDevice(
        name: "bedroom thermostat", kind: .climate, room: "bedroom",
        state: DeviceState(target: 20, mode: .heat, current: 20.5))
    return store
}

/// The message of a thrown ``HomeError``, or a description of what else happened.
func homeErrorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch let error as HomeError {
        return error.message
    } catch {
        return "not a HomeError: \(error)"
    }
}

/// The message of a thrown ``HomeError`` from async code.
func homeErrorMessage(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as HomeError {
        return error.message
    } catch {
        return "not a HomeError: \(error)"
    }
}
