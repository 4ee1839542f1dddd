import BrokerSupport
import Foundation
import Testing
@testable import Home

/// The `mqtt` plugin against a real mosquitto broker.
@Suite struct MQTTPluginTests {
    let broker: MosquittoBroker

    init() async throws {
        broker = try await MosquittoBroker.start()
    }

    private func light(_ extra: [String: String] = [:], state: DeviceState = DeviceState(on: false, brightness: 50)) -> Device {
        Device(name: "kitchen light", kind: .light, plugin: "mqtt",
               config: broker.config(["friendly_name": "kitchen", "echo_timeout": "0.2"].merging(extra) { _, new in new }),
               state: state)
    }

    @Test func publishesZigbee2MQTTLightPayloads() async throws {
        let watcher = try broker.connect()
        try watcher.subscribe(to: "zigbee2mqtt/kitchen/set")
        let plugin = MQTTPlugin()
        let cases: [(DeviceCommand, String, DeviceState)] = [
            (.turnOn, #"{"state":"ON"}"#, DeviceState(on: true, brightness: 50)),
            (.turnOff, #"{"state":"OFF"}"#, DeviceState(on: false, brightness: 50)),
            (.setBrightness(40), #"{"brightness":102,"state":"ON"}"#, DeviceState(on: true, brightness: 40)),
            (.setColorTemp(2700), #"{"color_temp":370,"state":"ON"}"#, DeviceState(on: true, brightness: 50, colorTemp: 2700)),
            (.setColor(try LightColor(parsing: "red")), ##"{"color":{"hex":"#ff0000"},"state":"ON"}"##,
             DeviceState(on: true, brightness: 50, color: try LightColor(parsing: "red"))),
        ]
        for (command, payload, state) in cases {
            #expect(try await plugin.apply(command, to: light()) == state)
            let message = try #require(try watcher.nextMessage(timeout: 5))
            #expect(message.topic == "zigbee2mqtt/kitchen/set")
            #expect(String(decoding: message.payload, as: UTF8.self) == payload)
        }
    }

    @Test func publishesClimatePayloadsUnderACustomBaseTopic() async throws {
        let watcher = try broker.connect()
        try watcher.subscribe(to: "home/#")
        let thermostat = Device(name: "bedroom thermostat", kind: .climate, plugin: "mqtt",
                                config: broker.config(["base_topic": "home", "echo_timeout": "0.1"]),
                                state: DeviceState(target: 20, mode: .off))
        let plugin = MQTTPlugin()
        #expect(try await plugin.apply(.setTarget(21.5), to: thermostat) == DeviceState(target: 21.5, mode: .off))
        #expect(try await plugin.apply(.setMode(.heat), to: thermostat) == DeviceState(target: 20, mode: .heat))
        let first = try #require(try watcher.nextMessage(timeout: 5))
        let second = try #require(try watcher.nextMessage(timeout: 5))
        #expect(first.topic == "home/bedroom thermostat/set")
        #expect(String(decoding: first.payload, as: UTF8.self) == #"{"occupied_heating_setpoint":21.5}"#)
        #expect(String(decoding: second.payload, as: UTF8.self) == #"{"system_mode":"heat"}"#)
    }

    @Test func followsTheStateZigbee2MQTTPublishesBack() async throws {
        let fake = try FakeZigbee2MQTT(broker: broker, device: "kitchen",
                                       reply: #"{"state":"ON","brightness":254,"linkquality":80}"#)
        let state = try await MQTTPlugin().apply(.turnOn, to: light(["echo_timeout": "5"]))
        #expect(fake.payloads() == [#"{"state":"ON"}"#])
        #expect(state == DeviceState(on: true, brightness: 100))
    }

    @Test func readsRetainedState() async throws {
        let publisher = try broker.connect()
        try publisher.publish(
            Data(##"{"state":"OFF","brightness":254,"color_temp":250,"color":{"hex":"#00FF00"}}"##.utf8),
            to: "zigbee2mqtt/kitchen", retain: true)
        let state = try await MQTTPlugin().state(of: light())
        #expect(state == DeviceState(on: false, brightness: 100, color: try LightColor(parsing: "#00ff00"), colorTemp: 4000))
    }

    @Test func asksForStateWhenNoneIsRetained() async throws {
        let fake = try FakeZigbee2MQTT(broker: broker, device: "bedroom", request: "get",
                                       reply: #"{"occupied_heating_setpoint":19.5,"system_mode":"auto","local_temperature":18.25}"#)
        let thermostat = Device(name: "bedroom", kind: .climate, plugin: "mqtt", config: broker.config())
        #expect(try await MQTTPlugin().state(of: thermostat) == DeviceState(target: 19.5, mode: .auto, current: 18.25))
        #expect(fake.payloads() == [#"{"local_temperature":"","occupied_heating_setpoint":"","system_mode":""}"#])
    }

    @Test func noStateIsATimeout() async throws {
        let thermostat = Device(name: "bedroom", kind: .climate, plugin: "mqtt", config: broker.config(["timeout": "0.3"]))
        #expect(await homeErrorMessage { _ = try await MQTTPlugin().state(of: thermostat) }
            == "mqtt: no state on 'zigbee2mqtt/bedroom' within 0.3 s (is Zigbee2MQTT running and friendly_name right?)")
    }

    @Test func brokerDownIsAClearErrorAndLeavesStateUnchanged() async throws {
        let port = try LocalPorts.free()
        let store = try makeHome()
        try store.addDevice(name: "porch light", kind: .light, plugin: "mqtt",
                            config: ["host": "127.0.0.1", "port": String(port)], state: DeviceState(on: false))
        let handler = IntentHandler(store: store, plugins: .standard(store: store))
        let message = await homeErrorMessage {
            _ = try await handler.handle(IntentRequest(name: "HassTurnOn", slots: ["name": .string("porch light")]))
        }
        #expect(message == "porch light: mqtt broker 127.0.0.1:\(port) unreachable: Connection refused")
        #expect(try store.device(named: "porch light").state == DeviceState(on: false))
        #expect(try store.events(limit: 1).first?.error == message)
        #expect(await MQTTPlugin(defaults: ["port": String(port)]).health()
            == .unavailable("mqtt broker 127.0.0.1:\(port) unreachable: Connection refused"))
    }

    @Test func refusedLoginIsAClearError() async throws {
        let closed = try await MosquittoBroker.start(anonymous: false)
        let device = Device(name: "lamp", kind: .light, plugin: "mqtt",
                            config: closed.config(["username": "hub", "password": "wrong"]))
        let message = await homeErrorMessage { _ = try await MQTTPlugin().apply(.turnOn, to: device) }
        #expect(message == "mqtt broker 127.0.0.1:\(closed.port) refused the connection: Connection Refused: not authorised.")
    }

    @Test func healthIsOkWhenTheBrokerAnswers() async {
        #expect(await MQTTPlugin(defaults: broker.config()).health() == .ok)
    }

    @Test func rejectsBadConfig() async {
        #expect(await homeErrorMessage { _ = try await MQTTPlugin().apply(.turnOn, to: light(["port": "99999"])) }
            == "invalid mqtt port '99999' (expected 1–65535)")
    }
}

