import Foundation
import Home
import Testing
@testable import Hub

/// The server recompiles its recognizers when names change, and only then.
@Suite struct RegistryVocabularyTests {
    @Test func namesChangeTheVocabularyButStateDoesNot() throws {
        let hub = try HubProcess()
        let store = try HomeStore(path: hub.database)
        try store.addRoom(name: "kitchen")
        try store.addDevice(name: "kitchen light", kind: .light, room: "kitchen")
        let before = try RegistryVocabulary(store)

        var state = DeviceState()
        state.on = true
        try store.setState(state, of: "kitchen light")
        #expect(try RegistryVocabulary(store) == before, "an action is not a new word")

        try store.addDevice(name: "toaster", kind: .switch, room: "kitchen")
        #expect(try RegistryVocabulary(store) != before, "a new device is")
    }
}
