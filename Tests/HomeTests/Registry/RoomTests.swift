import Testing
@testable import Home

@Suite struct RoomTests {
    @Test func addsAndListsRoomsByName() throws {
        let store = try HomeStore.inMemory()
        try store.addRoom(name: "  Living   Room ", aliases: ["lounge"])
        try store.addRoom(name: "bedroom")
        #expect(try store.rooms() == [Room(name: "bedroom"), Room(name: "Living Room", aliases: ["lounge"])])
    }

    @Test func findsRoomsByNameOrAliasIgnoringCase() throws {
        let store = try makeHome()
        #expect(try store.room(named: "KITCHEN").name == "Kitchen")
        #expect(try store.room(named: "Cooking Area").name == "Kitchen")
    }

    @Test func unknownRoomSuggestsTheClosest() throws {
        let store = try makeHome()
        #expect(homeErrorMessage { _ = try store.room(named: "kichen") } == "unknown room 'kichen' (did you mean 'Kitchen'?)")
        #expect(homeErrorMessage { _ = try store.room(named: "attic") } == "unknown room 'attic'")
    }

    @Test(arguments: ["kitchen", "COOKING AREA"])
    func rejectsDuplicateNamesAndAliases(name: String) throws {
        let store = try makeHome()
        #expect(homeErrorMessage { try store.addRoom(name: name) }
            == "duplicate room name '\(name)' (already used by a room or alias)")
        #expect(homeErrorMessage { try store.addRoom(name: "pantry", aliases: [name]) }
            == "duplicate room name '\(name)' (already used by a room or alias)")
        #expect(try store.rooms().count == 3)
    }

    @Test func rejectsEmptyNames() throws {
        let store = try HomeStore.inMemory()
        #expect(homeErrorMessage { try store.addRoom(name: "   ") } == "room name must not be empty")
    }

    @Test func removesOnlyEmptyRooms() throws {
        let store = try makeHome()
        #expect(homeErrorMessage { try store.removeRoom("bedroom") }
            == "room 'Bedroom' still holds 2 device(s): bedroom lamp, bedroom thermostat (move or remove them first)")
        try store.removeRoom("garage")
        #expect(try store.rooms().map(\.name) == ["Bedroom", "Kitchen"])
    }

    @Test func removingARoomRemovesItsAliases() throws {
        let store = try HomeStore.inMemory()
        try store.addRoom(name: "den", aliases: ["study"])
        try store.removeRoom("study")
        try store.addRoom(name: "study")
        #expect(try store.rooms() == [Room(name: "study")])
    }
}
