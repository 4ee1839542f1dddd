import Foundation
import Yams

/// The settings of `hub serve`, read from `hub.yaml` and then overridden by command-line flags.
///
/// ```yaml
/// http: { host: 127.0.0.1, port: 8123 }
/// db: /var/lib/hub/hub.db
/// grammar: [/etc/hub/grammars]          # one path or a list
/// model: /usr/local/share/hub/models/hub-am-v32.bin
/// audio: { input: default, wake_word: hey hub }
/// mqtt: { host: 127.0.0.1, port: 1883, username: hub, password: secret }
/// ```
///
/// Every key is optional. Unknown keys and bad values are errors naming the file, line and key. To add
/// a setting, add a field to its section and read it in the section's `init(_:)`.
struct ServeConfiguration {
    /// The HTTP API and dashboard.
    struct HTTP {
        static let keys = ["host", "port"]
        /// The address to bind; `127.0.0.1` keeps the API on this machine.
        var host = "127.0.0.1"
        /// The TCP port; 0 lets the system pick a free one.
        var port = 8123

        init() {}

        init(_ node: ConfigNode) throws {
            let values = try node.mapping(allowed: Self.keys)
            if let host = values["host"] { self.host = try host.string() }
            if let port = values["port"] { self.port = try port.int(in: 0...65535, what: "a port number") }
        }
    }

    /// The microphone live loop.
    struct Audio {
        static let keys = ["input", "wake_word"]
        /// The ALSA capture device (`hub devices` lists them); `nil` for ALSA's default.
        var input: String?
        /// The phrase that starts a command; `nil` to listen for commands without one.
        var wakeWord: String?

        init() {}

        init(_ node: ConfigNode) throws {
            let values = try node.mapping(allowed: Self.keys)
            input = try values["input"]?.string()
            wakeWord = try values["wake_word"]?.string()
        }
    }

    /// The MQTT broker that satellites talk to.
    struct MQTT {
        static let keys = ["host", "port", "username", "password", "client_id"]
        var host = "127.0.0.1"
        var port = 1883
        var username: String?
        var password: String?
        var clientID = "hub"

        init() {}

        init(_ node: ConfigNode) throws {
            let values = try node.mapping(allowed: Self.keys)
            if let host = values["host"] { self.host = try host.string() }
            if let port = values["port"] { self.port = try port.int(in: 1...65535, what: "a port number") }
            username = try values["username"]?.string()
            password = try values["password"]?.string()
            if let clientID = values["client_id"] { self.clientID = try clientID.string() }
        }
    }

    static let keys = ["http", "db", "grammar", "model", "audio", "mqtt"]

    var http = HTTP()
    /// The registry database; `nil` for `$HUB_DB` or the XDG default.
    var db: String?
    /// Grammar files or folders; empty for the shipped grammars.
    var grammar: [String] = []
    /// The acoustic model file; `nil` for the shipped model.
    var model: String?
    var audio = Audio()
    /// The broker for satellites; `nil` when the file has no `mqtt` section.
    var mqtt: MQTT?

    init() {}

    /// Parses a configuration document; `file` names it in errors.
    init(yaml: String, file: String) throws {
        let document: Node?
        do {
            document = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: nil, message: "not valid YAML: \(error)")
        }
        guard let document else { return }  // an empty file: all defaults
        let values = try ConfigNode(node: document, file: file, key: "").mapping(allowed: Self.keys)
        if let node = values["http"] { http = try HTTP(node) }
        db = try values["db"]?.string()
        grammar = try values["grammar"]?.strings() ?? []
        model = try values["model"]?.string()
        if let node = values["audio"] { audio = try Audio(node) }
        mqtt = try values["mqtt"].map { try MQTT($0) }
    }

    /// Reads the file at `path`.
    /// - Throws: ``ConfigurationError`` if it cannot be read or is not a valid configuration.
    static func load(path: String) throws -> ServeConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, line: nil, message: "cannot read the configuration file")
        }
        return try ServeConfiguration(yaml: String(decoding: data, as: UTF8.self), file: path)
    }

    /// `$XDG_CONFIG_HOME/hub/hub.yaml`, else `~/.config/hub/hub.yaml`.
    static func defaultPath(environment: [String: String]) -> String {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty { return config + "/hub/hub.yaml" }
        let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.config/hub/hub.yaml"
    }
}
