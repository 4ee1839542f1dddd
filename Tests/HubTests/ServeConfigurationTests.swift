import Foundation
import Testing
@testable import Hub

/// `hub.yaml`: defaults, every key, and errors that name the file, line and key.
@Suite struct ServeConfigurationTests {
    @Test func anEmptyFileMeansTheDefaults() throws {
        let settings = try ServeConfiguration(yaml: "", file: "hub.yaml")
        #expect(settings.http.host == "127.0.0.1")
        #expect(settings.http.port == 8123)
        #expect(settings.db == nil && settings.grammar.isEmpty && settings.model == nil && settings.mqtt == nil)
    }

    @Test func everyKeyIsRead() throws {
        let settings = try ServeConfiguration(yaml: """
            http: { host: 0.0.0.0, port: 9000 }
            db: /var/lib/hub/hub.db
            grammar: [a.yaml, b]
            model: m.bin
            audio: { input: "hw:1,0", wake_word: hey hub }
            mqtt: { host: broker, port: 1884, username: u, password: p, client_id: c }
            """, file: "hub.yaml")
        #expect(settings.http.host == "0.0.0.0" && settings.http.port == 9000)
        #expect(settings.db == "/var/lib/hub/hub.db")
        #expect(settings.grammar == ["a.yaml", "b"])
        #expect(settings.model == "m.bin")
        #expect(settings.audio.input == "hw:1,0" && settings.audio.wakeWord == "hey hub")
        let mqtt = try #require(settings.mqtt)
        #expect(mqtt.host == "broker" && mqtt.port == 1884 && mqtt.username == "u" && mqtt.password == "p")
        #expect(mqtt.clientID == "c")
        #expect(try ServeConfiguration(yaml: "grammar: one.yaml", file: "f").grammar == ["one.yaml"])
    }

    @Test(arguments: [
        ("http:\n  hots: x\n", "/etc/hub.yaml:2: unknown key 'http.hots' (did you mean 'host'?); known keys: host, port"),
        ("htp: {}\n", "/etc/hub.yaml:1: unknown key 'htp' (did you mean 'http'?)"),
        ("http:\n  port: eighty\n", "/etc/hub.yaml:2: http.port: expected a port number 0–65535, got 'eighty'"),
        ("http: { port: 70000 }\n", "http.port: expected a port number 0–65535, got '70000'"),
        ("http: 8123\n", "/etc/hub.yaml:1: http: expected a mapping of host, port, got '8123'"),
        ("db: [a, b]\n", "db: expected a non-empty string"),
        ("grammar: [a, [b]]\n", "grammar[1]: expected a non-empty string"),
        ("mqtt: { port: 0 }\n", "mqtt.port: expected a port number 1–65535"),
        ("- a\n- b\n", "expected a mapping of http, db, grammar, model, audio, mqtt"),
        ("http: {\n", "/etc/hub.yaml: not valid YAML"),
    ])
    func badFilesNameTheFileAndKey(yaml: String, message: String) {
        do {
            _ = try ServeConfiguration(yaml: yaml, file: "/etc/hub.yaml")
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }

    @Test func theDefaultPathFollowsXDG() {
        #expect(ServeConfiguration.defaultPath(environment: ["XDG_CONFIG_HOME": "/c", "HOME": "/h"]) == "/c/hub/hub.yaml")
        #expect(ServeConfiguration.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/hub/hub.yaml")
    }

    @Test func httpFlagsAreHostAndPort() throws {
        let any = try ServeCommand.address("127.0.0.1:0")
        #expect(any.host == "127.0.0.1" && any.port == 0)
        let v6 = try ServeCommand.address("[::1]:8123")
        #expect(v6.host == "::1" && v6.port == 8123)
        for bad in ["8123", "host:", ":80", "h:99999", "h:x"] {
            #expect(throws: (any Error).self, "\(bad)") { try ServeCommand.address(bad) }
        }
    }
}
