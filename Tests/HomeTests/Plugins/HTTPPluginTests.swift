import BrokerSupport
import Foundation
import Testing
@testable import Home

/// The `http` plugin against a real local HTTP server.
@Suite struct HTTPPluginTests {
    let server: HTTPRecorder

    init() async throws {
        server = try await HTTPRecorder.start()
    }

    /// A light configured like a Home Assistant entity.
    private func homeAssistantLight(_ extra: [String: String] = [:]) -> Device {
        let config = [
            "url": "\(server.base)/api/services/light/{{service}}",
            "token": "abc123",
            "body": #"{"entity_id":"light.kitchen","brightness_pct":{{brightness}}}"#,
            "body.turn_off": #"{"entity_id":"light.kitchen"}"#,
            "header.X-Hub": "yes",
        ].merging(extra) { _, new in new }
        return Device(name: "kitchen light", kind: .light, plugin: "http", config: config,
                      state: DeviceState(on: false, brightness: 50))
    }

    @Test func callsHomeAssistantServices() async throws {
        let plugin = HTTPPlugin()
        #expect(try await plugin.apply(.setBrightness(40), to: homeAssistantLight()) == DeviceState(on: true, brightness: 40))
        #expect(try await plugin.apply(.turnOff, to: homeAssistantLight()) == DeviceState(on: false, brightness: 50))
        let requests = try server.requests()
        #expect(requests.count == 2)
        #expect(requests.map(\.method) == ["POST", "POST"])
        #expect(requests.map(\.path) == ["/api/services/light/turn_on", "/api/services/light/turn_off"])
        #expect(requests.map(\.body) == [#"{"entity_id":"light.kitchen","brightness_pct":40}"#, #"{"entity_id":"light.kitchen"}"#])
        #expect(requests[0].headers["authorization"] == "Bearer abc123")
        #expect(requests[0].headers["content-type"] == "application/json")
        #expect(requests[0].headers["x-hub"] == "yes")
    }

    @Test func fillsClimatePlaceholdersAndPerCommandMethods() async throws {
        let thermostat = Device(name: "hall", kind: .climate, plugin: "http", config: [
            "url": "\(server.base)/hook/{{name}}/{{command}}",
            "method.set_mode": "PUT",
            "body": #"{"target":{{target}},"mode":"{{mode}}"}"#,
        ], state: DeviceState(target: 20, mode: .off))
        _ = try await HTTPPlugin().apply(.stepTarget(1.5), to: thermostat)
        _ = try await HTTPPlugin().apply(.setMode(.cool), to: thermostat)
        let requests = try server.requests()
        #expect(requests.map(\.method) == ["POST", "PUT"])
        #expect(requests.map(\.path) == ["/hook/hall/step_target", "/hook/hall/set_mode"])
        #expect(requests.map(\.body) == [#"{"target":21.5,"mode":"off"}"#, #"{"target":20,"mode":"cool"}"#])
    }

    @Test func serverErrorIsClearAndLeavesStateUnchanged() async throws {
        let store = try makeHome()
        try store.addDevice(name: "porch light", kind: .light, plugin: "http",
                            config: ["url": "\(server.base)/status/500"], state: DeviceState(on: false))
        let handler = IntentHandler(store: store, plugins: .standard(store: store))
        let message = await homeErrorMessage {
            _ = try await handler.handle(IntentRequest(name: "HassTurnOn", slots: ["name": .string("porch light")]))
        }
        #expect(message == "porch light: http POST \(server.base)/status/500 failed with status 500: error 500")
        #expect(try store.device(named: "porch light").state == DeviceState(on: false))
        #expect(try store.events(limit: 1).first?.error == message)
    }

    @Test func timeoutIsClear() async throws {
        let device = homeAssistantLight(["url": "\(server.base)/slow", "timeout": "0.5"])
        #expect(await homeErrorMessage { _ = try await HTTPPlugin().apply(.turnOn, to: device) }
            == "http POST \(server.base)/slow timed out after 0.5 s")
    }

    @Test func unreachableServerIsClear() async throws {
        let port = try LocalPorts.free()
        let device = homeAssistantLight(["url": "http://127.0.0.1:\(port)/x"])
        let message = await homeErrorMessage { _ = try await HTTPPlugin().apply(.turnOn, to: device) }
        #expect(message?.hasPrefix("http POST http://127.0.0.1:\(port)/x failed: ") == true)
    }

    @Test func rejectsBadTemplatesAndConfig() async throws {
        #expect(await homeErrorMessage {
            _ = try await HTTPPlugin().apply(.turnOn, to: homeAssistantLight(["body": "{{brightnes}}"]))
        } == "unknown placeholder '{{brightnes}}' (did you mean '{{brightness}}'?) in http body")
        #expect(await homeErrorMessage {
            _ = try await HTTPPlugin().apply(.turnOn, to: homeAssistantLight(["url": "ftp://x/{{name}}"]))
        } == "http: invalid url 'ftp://x/kitchen light' for 'kitchen light' (expected http:// or https://)")
        #expect(await homeErrorMessage {
            _ = try await HTTPPlugin().apply(.turnOn, to: Device(name: "x", kind: .light, plugin: "http"))
        } == "http: device 'x' has no 'url' in its config")
        #expect(try server.requests().isEmpty)
    }
}
