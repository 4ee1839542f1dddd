import Foundation

/// Drives Zigbee devices through Zigbee2MQTT over an MQTT broker (libmosquitto).
///
/// `apply` subscribes to `<base>/<friendly_name>`, publishes the command to `<base>/<friendly_name>/set`
/// (QoS 1, waiting for the broker's acknowledgement), then waits up to `echo_timeout` for the state
/// Zigbee2MQTT publishes back and merges it over the expected state. `state(of:)` reads the retained
/// state or asks for it on `<base>/<friendly_name>/get`. Config keys: see ``MQTTEndpoint``; `defaults`
/// fill keys a device leaves out (e.g. the broker for the whole house).
public struct MQTTPlugin: DevicePlugin {
    public let name = "mqtt"
    private let defaults: [String: String]

    /// Creates the plugin.
    /// - Parameter defaults: config used where a device's own config has no value (`host`, `port`…).
    public init(defaults: [String: String] = [:]) {
        self.defaults = defaults
    }

    public func apply(_ command: DeviceCommand, to device: Device) async throws -> DeviceState {
        let expected = try device.state.applying(command, to: device)
        let endpoint = try endpoint(for: device)
        let payload = Zigbee2MQTT.encode(Zigbee2MQTT.setPayload(for: command, newState: expected))
        let kind = device.kind
        let echo = try await MQTTConnection.exchange(with: endpoint) { connection -> DeviceState? in
            try connection.subscribe(to: endpoint.stateTopic)
            try connection.publish(payload, to: endpoint.setTopic)
            let message = try connection.nextMessage(timeout: endpoint.echoTimeout) { !$0.retained }
            return try message.map { try Zigbee2MQTT.state(from: $0.payload, kind: kind, topic: endpoint.stateTopic) }
        }
        return echo.map { expected.merging($0) } ?? expected
    }

    public func state(of device: Device) async throws -> DeviceState? {
        let endpoint = try endpoint(for: device)
        let request = Zigbee2MQTT.encode(Zigbee2MQTT.getPayload(for: device.kind))
        let kind = device.kind
        return try await MQTTConnection.exchange(with: endpoint) { connection in
            try connection.subscribe(to: endpoint.stateTopic)
            // A retained state arrives right after subscribing; otherwise ask for one.
            if let retained = try connection.nextMessage(timeout: 0.2) {
                return try Zigbee2MQTT.state(from: retained.payload, kind: kind, topic: endpoint.stateTopic)
            }
            try connection.publish(request, to: endpoint.getTopic)
            guard let message = try connection.nextMessage(timeout: endpoint.timeout) else {
                throw HomeError("mqtt: no state on '\(endpoint.stateTopic)' within \(TemperatureUnit.number(endpoint.timeout)) s (is Zigbee2MQTT running and friendly_name right?)")
            }
            return try Zigbee2MQTT.state(from: message.payload, kind: kind, topic: endpoint.stateTopic)
        }
    }

    /// Connects to the default broker (`defaults`, else 127.0.0.1:1883).
    public func health() async -> PluginHealth {
        do {
            let endpoint = try MQTTEndpoint(config: defaults, deviceName: "")
            _ = try await MQTTConnection.exchange(with: endpoint) { _ in true }
            return .ok
        } catch {
            return .unavailable(String(describing: error))
        }
    }

    private func endpoint(for device: Device) throws -> MQTTEndpoint {
        try MQTTEndpoint(config: defaults.merging(device.config) { _, own in own }, deviceName: device.name)
    }
}
