import Testing
@testable import Home

@Suite struct VirtualPluginTests {
    @Test func appliesCommandsToTheStoredState() async throws {
        let store = try makeHome()
        let plugin = VirtualPlugin(store: store)
        let light = try store.device(named: "kitchen light")
        #expect(try await plugin.apply(.turnOn, to: light) == DeviceState(on: true, brightness: 50))
        #expect(try await plugin.apply(.setBrightness(0), to: light) == DeviceState(on: false, brightness: 0))
        #expect(try await plugin.apply(.stepBrightness(-80), to: light) == DeviceState(on: false, brightness: 0))
        #expect(try await plugin.apply(.setColorTemp(2700), to: light) == DeviceState(on: true, brightness: 50, colorTemp: 2700))
        #expect(try await plugin.state(of: light) == DeviceState(on: false, brightness: 50))
        #expect(await plugin.health() == .ok)
    }

    @Test func stepsAreClampedAndTurnOnRestoresFullBrightness() throws {
        let lamp = Device(name: "lamp", kind: .light, state: DeviceState(on: true, brightness: 90))
        #expect(try lamp.state.applying(.stepBrightness(25), to: lamp) == DeviceState(on: true, brightness: 100))
        let dark = Device(name: "lamp", kind: .light, state: DeviceState(on: false, brightness: 0))
        #expect(try dark.state.applying(.turnOn, to: dark) == DeviceState(on: true, brightness: 100))
        #expect(try dark.state.applying(.stepBrightness(30), to: dark) == DeviceState(on: true, brightness: 30))
        let thermostat = Device(name: "t", kind: .climate, state: DeviceState(target: 34))
        #expect(try thermostat.state.applying(.stepTarget(3), to: thermostat).target == 35)
    }

    @Test func rejectsCommandsTheKindCannotDoAndValuesOutOfRange() {
        let thermostat = Device(name: "hall thermostat", kind: .climate)
        #expect(homeErrorMessage { _ = try thermostat.state.applying(.turnOn, to: thermostat) }
            == "the hall thermostat cannot turn on (it is a climate)")
        #expect(homeErrorMessage { _ = try thermostat.state.applying(.stepTarget(1), to: thermostat) }
            == "the hall thermostat has no target temperature to change (set one first)")
        #expect(homeErrorMessage { _ = try thermostat.state.applying(.setTarget(40), to: thermostat, unit: .fahrenheit) }
            == "invalid target 104 (expected 41–95 °F)")
        let lamp = Device(name: "lamp", kind: .light)
        #expect(homeErrorMessage { _ = try lamp.state.applying(.setBrightness(140), to: lamp) }
            == "invalid brightness 140 (expected 0–100)")
    }

    @Test func registryFindsPluginsByName() throws {
        let plugins = PluginRegistry.standard(store: try HomeStore.inMemory())
        #expect(plugins.names == ["exec", "http", "mqtt", "virtual"])
        #expect(try plugins.plugin(named: "mqtt").name == "mqtt")
        #expect(homeErrorMessage { _ = try plugins.plugin(named: "mqt") } == "unknown plugin 'mqt' (did you mean 'mqtt'?)")
    }
}
