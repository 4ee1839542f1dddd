import Foundation
import Testing
@testable import Home

@Suite struct IntentHandlerTests {
    let store: HomeStore
    let handler: IntentHandler

    init() throws {
        store = try makeHome()
        handler = IntentHandler(store: store, plugins: testPlugins(store))
    }

    private func handle(_ name: String, _ slots: [String: IntentValue] = [:], context: [String: String] = [:]) async throws -> IntentOutcome {
        try await handler.handle(IntentRequest(name: name, slots: slots, text: "test", source: .voice, context: context))
    }

    private func failure(_ name: String, _ slots: [String: IntentValue] = [:], context: [String: String] = [:]) async -> String? {
        await homeErrorMessage { _ = try await handle(name, slots, context: context) }
    }

    // MARK: - On/off

    @Test func turnsOnOneDeviceByName() async throws {
        let outcome = try await handle("HassTurnOn", ["name": .string("Kitchen Light")])
        #expect(outcome.response == "Turned on the kitchen light")
        #expect(outcome.targets == ["kitchen light"])
        #expect(try store.device(named: "kitchen light").state == DeviceState(on: true, brightness: 50))
    }

    @Test func turnsOnTheLightsOfAnArea() async throws {
        let outcome = try await handle("HassTurnOn", ["area": .string("kitchen"), "domain": .string("light")])
        #expect(outcome.response == "Turned on 2 lights in the Kitchen")
        #expect(outcome.targets == ["kitchen light", "kitchen spots"])
        #expect(try store.device(named: "coffee maker").state.on == nil)
    }

    @Test func turnsOffEverythingThatSwitchesInAnArea() async throws {
        let outcome = try await handle("HassTurnOff", ["area": .string("cooking area")])
        #expect(outcome.response == "Turned off 3 devices in the Kitchen")
        #expect(try store.devices(in: "kitchen").allSatisfy { $0.state.on == false })
    }

    @Test func domainAloneMeansTheWholeHouse() async throws {
        let outcome = try await handle("HassTurnOff", ["domain": .string("light")])
        #expect(outcome.response == "Turned off 3 lights")
        #expect(outcome.targets == ["bedroom lamp", "kitchen light", "kitchen spots"])
    }

    @Test func contextAreaStandsInForAMissingArea() async throws {
        let outcome = try await handle("HassTurnOn", ["domain": .string("light")], context: ["area": "bedroom"])
        #expect(outcome.response == "Turned on the bedroom lamp")
    }

    @Test func reportsMissingAndUnknownTargets() async {
        #expect(await failure("HassTurnOn", ["area": .string("garage"), "domain": .string("light")]) == "no lights in the Garage")
        #expect(await failure("HassTurnOn", ["domain": .string("fan")]) == "no fans in the house")
        #expect(await failure("HassTurnOn") == "which devices? (name a device, an area, or a kind like 'lights')")
        #expect(await failure("HassTurnOn", ["name": .string("kitchn light")])
            == "unknown device 'kitchn light' (did you mean 'kitchen light'?)")
        #expect(await failure("HassTurnOn", ["name": .string("kitchen")])
            == "ambiguous device 'kitchen': could be 'kitchen light', 'kitchen spots'")
        #expect(await failure("HassTurnOn", ["name": .string("bedroom thermostat")])
            == "the bedroom thermostat cannot turn on (it is a climate)")
        #expect(await failure("HassTurnOnn") == "unknown intent 'HassTurnOnn' (did you mean 'HassTurnOn'?)")
    }

    // MARK: - Lights

    @Test func setsBrightnessColorAndColorTemperature() async throws {
        #expect(try await handle("HassLightSet", ["name": .string("spots"), "brightness": .int(40)]).response
            == "Set the kitchen spots to 40%")
        #expect(try await handle("HassLightSet", ["area": .string("kitchen"), "color": .string("red")]).response
            == "Set 2 lights in the Kitchen to red")
        #expect(try await handle("HassLightSet", ["name": .string("bedroom lamp"), "color_temp": .int(2700)]).response
            == "Set the bedroom lamp to 2700 K")
        #expect(try store.device(named: "kitchen spots").state == DeviceState(on: true, brightness: 40, color: try LightColor(parsing: "red")))
        #expect(try store.device(named: "bedroom lamp").state == DeviceState(on: true, brightness: 100, colorTemp: 2700))
    }

    @Test func brightnessStepsAreRelativeAndClamped() async throws {
        _ = try await handle("HassTurnOn", ["name": .string("kitchen light")])
        #expect(try await handle("HassLightSet", ["name": .string("kitchen light"), "brightness_step": .int(-20)]).response
            == "Set the kitchen light to 30%")
        #expect(try await handle("HassLightSet", ["name": .string("kitchen light"), "brightness_step": .int(90)]).response
            == "Set the kitchen light to 100%")
    }

    @Test func rejectsBadLightSlots() async throws {
        #expect(await failure("HassLightSet", ["name": .string("kitchen light"), "brightness": .int(140)])
            == "invalid brightness 140 (expected 0–100)")
        #expect(await failure("HassLightSet", ["name": .string("kitchen light")])
            == "HassLightSet needs exactly one of: brightness, brightness_step, color, color_temp (got none)")
        #expect(await failure("HassLightSet", ["name": .string("kitchen light"), "brightness": .string("lots")])
            == "invalid brightness 'lots' (expected 0–100)")
        #expect(try store.device(named: "kitchen light").state == DeviceState(on: false, brightness: 50))
    }

    // MARK: - Climate

    @Test func setsTheOnlyThermostatWithoutATarget() async throws {
        let outcome = try await handle("HassClimateSetTemperature", ["temperature": .double(21)])
        #expect(outcome.response == "Set the bedroom thermostat to 21 °C")
        #expect(try store.device(named: "bedroom thermostat").state.target == 21)
        #expect(try await handle("HassClimateSetTemperature", ["temperature_step": .int(-1)]).response
            == "Set the bedroom thermostat to 20 °C")
    }

    @Test func readsAndSetsTemperaturesInFahrenheit() async throws {
        try store.setSetting("temperature_unit", to: "fahrenheit")
        #expect(try await handle("HassClimateSetTemperature", ["area": .string("bedroom"), "temperature": .int(70)]).response
            == "Set the bedroom thermostat to 70 °F")
        #expect(try store.device(named: "bedroom thermostat").state.target == (70 - 32) * 5 / 9)
        #expect(try await handle("HassClimateGetTemperature").response == "The Bedroom is 68.9 °F")
    }

    @Test func setsModes() async throws {
        #expect(try await handle("HassClimateSetMode", ["mode": .string("heat cool")]).response
            == "Set the bedroom thermostat to heat cool")
        #expect(try store.device(named: "bedroom thermostat").state.mode == .heatCool)
        #expect(await failure("HassClimateSetMode", ["mode": .string("warm")])
            == "invalid mode 'warm' (expected one of: off, heat, cool, heat_cool, auto, dry, fan_only)")
    }

    @Test func reportsCurrentOrTargetTemperature() async throws {
        #expect(try await handle("HassClimateGetTemperature", context: ["area": "kitchen"]).response == "The Bedroom is 20.5 °C")
        try store.addDevice(name: "hall thermostat", kind: .climate, state: DeviceState(target: 19))
        #expect(try await handle("HassClimateGetTemperature", ["name": .string("hall thermostat")]).response
            == "The hall thermostat is set to 19 °C")
        #expect(await failure("HassClimateGetTemperature")
            == "which thermostat? (there are 2: 'bedroom thermostat', 'hall thermostat')")
        #expect(await failure("HassClimateGetTemperature", ["area": .string("kitchen")]) == "no thermostats in the Kitchen")
        #expect(await failure("HassClimateSetTemperature", ["name": .string("bedroom lamp"), "temperature": .int(20)])
            == "the bedroom lamp is a light, not a thermostat")
    }

    // MARK: - Event log and failures

    @Test func logsSuccessesAndFailures() async throws {
        let outcome = try await handle("HassTurnOn", ["name": .string("kitchen light")])
        _ = await failure("HassTurnOn", ["name": .string("nowhere")])
        let events = try store.events(limit: 2)
        #expect(events.map(\.id) == [outcome.eventID, events[1].id])
        #expect(events[0] == Event(
            id: outcome.eventID, time: events[0].time, source: .voice, text: "test", intent: "HassTurnOn",
            slots: ["name": .string("kitchen light")], targets: ["kitchen light"], outcome: "Turned on the kitchen light"))
        #expect(events[1].error == "unknown device 'nowhere'")
        #expect(events[1].targets.isEmpty)
    }

    @Test func pluginFailureLeavesStateUnchangedAndIsLogged() async throws {
        try store.addDevice(name: "porch light", kind: .light, room: "garage", plugin: "broken", state: DeviceState(on: false))
        try store.addDevice(name: "garage light", kind: .light, room: "garage")
        #expect(await failure("HassTurnOn", ["area": .string("garage")])
            == "1 of 2 devices failed: porch light: device did not answer")
        #expect(try store.device(named: "porch light").state == DeviceState(on: false))
        #expect(try store.device(named: "garage light").state.on == true)
        let event = try #require(try store.events(limit: 1).first)
        #expect(event.targets == ["garage light", "porch light"])
        #expect(event.error == "1 of 2 devices failed: porch light: device did not answer")
    }

    @Test func unknownPluginIsAClearError() async throws {
        try store.addDevice(name: "odd lamp", kind: .light, plugin: "zwave")
        #expect(await failure("HassTurnOn", ["name": .string("odd lamp")]) == "unknown plugin 'zwave'")
    }
}

extension Event {
    init(id: Int64?, time: Date, source: EventSource, text: String, intent: String?, slots: [String: IntentValue],
         targets: [String], outcome: String) {
        self.init(time: time, source: source, text: text, intent: intent, slots: slots, targets: targets, outcome: outcome)
        self.id = id
    }
}
