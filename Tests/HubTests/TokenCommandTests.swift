import Foundation
import Testing

/// `hub token create|list|revoke` and `hub serve`'s configuration errors, end to end.
@Suite struct TokenCommandTests {
    @Test func createPrintsTheTokenOnceAndListNeverDoes() throws {
        let hub = try HubProcess()
        let created = try hub.run("token", "create", "phone", "--json")
        #expect(created.status == 0, "\(created.stderr)")
        let token = try #require((try HubProcess.json(created) as? [String: Any])?["token"] as? String)
        #expect(token.hasPrefix("hub_") && token.count == 68)

        let listed = try hub.run("token", "list", "--json")
        let tokens = try #require(try HubProcess.json(listed) as? [[String: Any]])
        #expect(tokens.map { $0["name"] as? String } == ["phone"])
        #expect(tokens[0]["created"] is String)
        #expect(!listed.stdout.contains(token.dropFirst(4)))
        #expect(try hub.run("token", "list").stdout.hasPrefix("phone  created "))

        let text = try hub.run("token", "create", "tablet")
        #expect(text.stdout.contains("shown only now") && text.stdout.contains("hub_"))
    }

    @Test func duplicateAndUnknownNamesFailClearly() throws {
        let hub = try HubProcess()
        try hub.run("token", "create", "phone")
        let duplicate = try hub.run("token", "create", "Phone")
        #expect(duplicate.status != 0)
        #expect(duplicate.stderr.contains("duplicate token name 'phone'"), "\(duplicate.stderr)")
        let unknown = try hub.run("token", "revoke", "phon")
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown token 'phon' (did you mean 'phone'?)"), "\(unknown.stderr)")
        #expect(try hub.run("token", "revoke", "phone").status == 0)
        #expect(try hub.run("token", "list").stdout == "no tokens\n")
    }

    @Test func serveRefusesABadConfigurationNamingTheFileAndKey() throws {
        let hub = try HubProcess()
        let file = URL(fileURLWithPath: hub.database).deletingLastPathComponent().appendingPathComponent("hub.yaml")
        try Data("http:\n  port: 8123\n  hots: 0.0.0.0\n".utf8).write(to: file)
        let result = try hub.run("serve", "--no-audio", "--config", file.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(file.path):3: unknown key 'http.hots' (did you mean 'host'?)"), "\(result.stderr)")
        let missing = try hub.run("serve", "--no-audio", "--config", "/nonexistent/hub.yaml")
        #expect(missing.stderr.contains("/nonexistent/hub.yaml: cannot read the configuration file"), "\(missing.stderr)")
        let flag = try hub.run("serve", "--no-audio", "--http", "localhost")
        #expect(flag.stderr.contains("--http 'localhost' is not HOST:PORT"), "\(flag.stderr)")
    }

    @Test func serveReadsTheDefaultConfigurationFile() throws {
        let hub = try HubProcess()
        let folder = URL(fileURLWithPath: try #require(hub.environment["XDG_CONFIG_HOME"])).appendingPathComponent("hub")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("http: { host: 127.0.0.1, port: 0 }\nmqtt: { prot: 1 }\n".utf8).write(to: folder.appendingPathComponent("hub.yaml"))
        let result = try hub.run("serve", "--no-audio")
        #expect(result.status != 0)
        #expect(result.stderr.contains("hub/hub.yaml:2: unknown key 'mqtt.prot' (did you mean 'port'?)"), "\(result.stderr)")
    }
}
