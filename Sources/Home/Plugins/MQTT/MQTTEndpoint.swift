/// Where and how the `mqtt` plugin reaches one device, read from its config.
///
/// | key | default | meaning |
/// | --- | --- | --- |
/// | `host` | `127.0.0.1` | broker host |
/// | `port` | `1883` | broker port |
/// | `username`, `password` | none | broker login |
/// | `base_topic` | `zigbee2mqtt` | Zigbee2MQTT base topic |
/// | `friendly_name` | the device name | the device's Zigbee2MQTT name |
/// | `timeout` | `5` | seconds to wait for the broker or for state |
/// | `echo_timeout` | `1` | seconds to wait for the state Zigbee2MQTT publishes after a set |
struct MQTTEndpoint: Sendable {
    var host: String
    var port: Int32
    var username: String?
    var password: String?
    var baseTopic: String
    var friendlyName: String
    var timeout: Double
    var echoTimeout: Double

    init(config: [String: String], deviceName: String) throws {
        host = config["host"] ?? "127.0.0.1"
        port = try Self.number(config, "port", default: 1883, in: 1...65535).map(Int32.init) ?? 1883
        username = config["username"]
        password = config["password"]
        baseTopic = config["base_topic"] ?? "zigbee2mqtt"
        friendlyName = config["friendly_name"] ?? deviceName
        timeout = try Self.seconds(config, "timeout", default: 5)
        echoTimeout = try Self.seconds(config, "echo_timeout", default: 1)
    }

    /// `host:port`, as errors name the broker.
    var broker: String { "\(host):\(port)" }
    /// The topic the device's state is published on: `<base>/<friendly_name>`.
    var stateTopic: String { "\(baseTopic)/\(friendlyName)" }
    /// The topic commands go to: `<base>/<friendly_name>/set`.
    var setTopic: String { "\(stateTopic)/set" }
    /// The topic that asks for a state publication: `<base>/<friendly_name>/get`.
    var getTopic: String { "\(stateTopic)/get" }

    private static func number(_ config: [String: String], _ key: String, default: Int, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = config[key] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw HomeError.invalid("mqtt \(key)", "'\(text)'", expected: "\(range.lowerBound)–\(range.upperBound)")
        }
        return value
    }

    private static func seconds(_ config: [String: String], _ key: String, default value: Double) throws -> Double {
        guard let text = config[key] else { return value }
        guard let seconds = Double(text), seconds > 0 else {
            throw HomeError.invalid("mqtt \(key)", "'\(text)'", expected: "seconds > 0")
        }
        return seconds
    }
}
