import Foundation
import Testing
@testable import Home

@Suite struct Zigbee2MQTTTests {
    @Test func parsesOnlyTheKeysTheKindHas() throws {
        let payload = Data(#"{"state":"ON","brightness":0,"local_temperature":21,"linkquality":90,"update":{"state":"idle"}}"#.utf8)
        #expect(try Zigbee2MQTT.state(from: payload, kind: .light, topic: "z/l") == DeviceState(on: true, brightness: 0))
        #expect(try Zigbee2MQTT.state(from: payload, kind: .climate, topic: "z/t") == DeviceState(current: 21))
        #expect(try Zigbee2MQTT.state(from: payload, kind: .switch, topic: "z/s") == DeviceState(on: true))
    }

    @Test func ignoresMalformedValues() throws {
        let payload = Data(#"{"state":3,"brightness":"high","system_mode":"emergency_heating","color":{"x":0.3,"y":0.3}}"#.utf8)
        #expect(try Zigbee2MQTT.state(from: payload, kind: .light, topic: "z/l") == DeviceState())
        #expect(try Zigbee2MQTT.state(from: payload, kind: .climate, topic: "z/t") == DeviceState())
    }

    @Test func rejectsPayloadsThatAreNotObjects() {
        #expect(homeErrorMessage { _ = try Zigbee2MQTT.state(from: Data("online".utf8), kind: .light, topic: "z/l") }
            == "mqtt: state on 'z/l' is not a JSON object: online")
    }

    @Test func convertsBrightnessAndColorTemperature() {
        #expect(Zigbee2MQTT.brightness254(100) == 254)
        #expect(Zigbee2MQTT.brightness254(1) == 3)
        let payload = Zigbee2MQTT.setPayload(for: .setColorTemp(6500), newState: DeviceState())
        #expect(String(decoding: Zigbee2MQTT.encode(payload), as: UTF8.self) == #"{"color_temp":154,"state":"ON"}"#)
        let off = Zigbee2MQTT.setPayload(for: .stepBrightness(-100), newState: DeviceState(on: false, brightness: 0))
        #expect(String(decoding: Zigbee2MQTT.encode(off), as: UTF8.self) == #"{"state":"OFF"}"#)
    }
}
