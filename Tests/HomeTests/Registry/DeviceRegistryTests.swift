import Foundation
import Testing
@testable import Home

@Suite struct DeviceRegistryTests {
    @Test func addsDevicesWithRoomPluginConfigAndAliases() throws {
        let store = try makeHome()
        let added = try store.addDevice(
            name: "desk lamp", kind: .light, room: "cooking area", plugin: "mqtt",
            config: ["friendly_name": "0x1234"], aliases: ["lamp"])
        #expect(added == Device(
            name: "desk lamp", kind: .light, room: "Kitchen", plugin: "mqtt", config: ["friendly_name": "0x1234"],
            aliases: ["lamp"]))
        #expect(try store.device(named: "desk lamp") == added)
    }

    @Test func listsDevicesByNameAndByRoom() throws {
        let store = try makeHome()
        #expect(try store.devices().map(\.name)
            == ["bedroom lamp", "bedroom thermostat", "coffee maker", "kitchen light", "kitchen spots"])
        #expect(try store.devices(in: "Kitchen").map(\.name) == ["coffee maker", "kitchen light", "kitchen spots"])
        #expect(try store.devices(in: "garage").isEmpty)
    }

    @Test func findsByAliasIgnoringCaseAndByUniqueWords() throws {
        let store = try makeHome()
        #expect(try store.device(named: "SPOTS").name == "kitchen spots")
        #expect(try store.device(named: "thermostat").name == "bedroom thermostat")
        #expect(try store.device(named: "coffee").name == "coffee maker")
    }

    @Test func ambiguousAndUnknownNamesAreClear() throws {
        let store = try makeHome()
        #expect(homeErrorMessage { _ = try store.device(named: "kitchen") }
            == "ambiguous device 'kitchen': could be 'kitchen light', 'kitchen spots'")
        #expect(homeErrorMessage { _ = try store.device(named: "kitchn light") }
            == "unknown device 'kitchn light' (did you mean 'kitchen light'?)")
    }

    @Test func rejectsDuplicateNamesUnknownRoomsAndBadState() throws {
        let store = try makeHome()
        #expect(homeErrorMessage { try store.addDevice(name: "Kitchen Light", kind: .light) }
            == "duplicate device name 'Kitchen Light' (already used by a device or alias)")
        #expect(homeErrorMessage { try store.addDevice(name: "lamp", kind: .light, aliases: ["spots"]) }
            == "duplicate device name 'spots' (already used by a device or alias)")
        #expect(homeErrorMessage { try store.addDevice(name: "lamp", kind: .light, room: "atic") }
            == "unknown room 'atic'")
        #expect(homeErrorMessage { try store.addDevice(name: "lamp", kind: .light, state: DeviceState(brightness: 140)) }
            == "invalid brightness 140 (expected 0–100)")
        #expect(try store.devices().count == 5)
    }

    @Test func removesDevicesWithTheirAliases() throws {
        let store = try makeHome()
        try store.removeDevice("spots")
        #expect(homeErrorMessage { _ = try store.device(named: "spots") } != nil)
        try store.addDevice(name: "spots", kind: .light)
        #expect(try store.device(named: "spots").aliases.isEmpty)
    }

    @Test func setParsesValidatesAndMergesState() throws {
        let store = try makeHome()
        let light = try store.set(device: "kitchen light", values: ["on": "true", "brightness": "40", "color": "Red"])
        #expect(light.state == DeviceState(on: true, brightness: 40, color: try LightColor(parsing: "red")))
        let warmer = try store.set(device: "kitchen light", values: ["color_temp": "2700"])
        #expect(warmer.state == DeviceState(on: true, brightness: 40, colorTemp: 2700))
        let thermostat = try store.set(device: "bedroom thermostat", values: ["target": "21.5", "mode": "cool"])
        #expect(thermostat.state == DeviceState(target: 21.5, mode: .cool, current: 20.5))
    }

    @Test func failedSetLeavesStateUnchanged() throws {
        let store = try makeHome()
        let before = try store.device(named: "kitchen light").state
        #expect(homeErrorMessage { try store.set(device: "kitchen light", values: ["on": "true", "brightness": "140"]) }
            == "invalid brightness 140 (expected 0–100)")
        #expect(try store.device(named: "kitchen light").state == before)
    }

    @Test func encodesForTheCommandLineWithoutConfigOrUnsetState() throws {
        let store = try makeHome()
        try store.addDevice(name: "desk", kind: .light, plugin: "http", config: ["token": "secret"],
                            state: DeviceState(on: true, brightness: 100))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(try store.device(named: "desk")), as: UTF8.self)
        #expect(json == #"{"aliases":[],"kind":"light","name":"desk","plugin":"http","state":{"brightness":100,"on":true}}"#)
        let decoded = try JSONDecoder().decode(Device.self, from: Data(json.utf8))
        #expect(decoded.state == DeviceState(on: true, brightness: 100))
    }
}
