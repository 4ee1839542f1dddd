import Foundation
import Testing

/// The `hub` command line end to end: registry commands, parse, do, events and their errors.
@Suite struct CLITests {
    /// A registry with a kitchen (two lights), a bedroom (a lamp and a thermostat).
    static func demoHome() throws -> HubProcess {
        let hub = try HubProcess()
        for arguments in [
            ["room", "add", "kitchen"],
            ["room", "add", "bedroom", "--alias", "master bedroom"],
            ["device", "add", "kitchen ceiling", "--kind", "light", "--room", "kitchen"],
            ["device", "add", "kitchen counter", "--kind", "light", "--room", "kitchen"],
            ["device", "add", "bedside lamp", "--kind", "light", "--room", "bedroom", "--alias", "reading light"],
            ["device", "add", "bedroom thermostat", "--kind", "climate", "--room", "bedroom"],
        ] {
            let result = try hub.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        return hub
    }

    @Test func deviceShowPrintsTheDocumentedJSON() throws {
        let hub = try Self.demoHome()
        try hub.run("device", "set", "bedside lamp", "on=true", "brightness=40")
        let shown = try HubProcess.json(hub.run("device", "show", "reading light", "--json")) as? [String: Any]
        #expect(shown?["name"] as? String == "bedside lamp")
        #expect(shown?["kind"] as? String == "light")
        #expect(shown?["room"] as? String == "bedroom")
        #expect(shown?["plugin"] as? String == "virtual")
        let state = shown?["state"] as? [String: Any]
        #expect(state?["on"] as? Bool == true)
        #expect(state?["brightness"] as? Int == 40)
    }

    @Test func parsePrintsIntentAndSlots() throws {
        let hub = try Self.demoHome()
        let parsed = try HubProcess.json(hub.run("parse", "turn on the kitchen lights")) as? [String: Any]
        #expect(parsed?["text"] as? String == "turn on the kitchen lights")
        #expect(parsed?["intent"] as? String == "HassTurnOn")
        #expect((parsed?["slots"] as? [String: Any])?["area"] as? String == "kitchen")
        let nothing = try hub.run("parse", "open the pod bay doors")
        #expect(nothing.stdout.contains("\"intent\":null"))
    }

    @Test func doDrivesDevicesAndLogsEvents() throws {
        let hub = try Self.demoHome()
        let lights = try hub.run("do", "turn on the kitchen lights")
        #expect(lights.status == 0, "\(lights.stderr)")
        #expect(lights.stdout.contains("2 lights"))
        let heat = try hub.run("do", "set the bedroom to twenty one and a half degrees", "--json")
        #expect((try HubProcess.json(heat) as? [String: Any])?["targets"] as? [String] == ["bedroom thermostat"])
        let thermostat = try HubProcess.json(hub.run("device", "show", "bedroom thermostat", "--json")) as? [String: Any]
        #expect((thermostat?["state"] as? [String: Any])?["target"] as? Double == 21.5)
        let ceiling = try HubProcess.json(hub.run("device", "show", "kitchen ceiling", "--json")) as? [String: Any]
        #expect((ceiling?["state"] as? [String: Any])?["on"] as? Bool == true)

        let events = try hub.run("events", "--json").stdout.split(separator: "\n")
        #expect(events.count == 2)
        #expect(events.first?.contains("\"intent\":\"HassTurnOn\"") == true)
        #expect(events.first?.contains("\"source\":\"cli\"") == true)
    }

    @Test func eventsFollowPrintsEachNewEventAtOnce() throws {
        let hub = try Self.demoHome()
        let (follower, out) = try hub.start(["events", "--follow", "--json", "--limit", "0"])
        // A watchdog ends the follower so a missing line fails the test instead of hanging it.
        let watchdog = DispatchWorkItem { follower.terminate() }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
        defer {
            watchdog.cancel()
            follower.terminate()
            follower.waitUntilExit()
        }
        try hub.run("do", "turn on the kitchen lights")
        var seen = ""
        while !seen.contains("\n") {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        #expect(seen.contains("\"intent\":\"HassTurnOn\""), "follower printed: \(seen)")
    }

    @Test func notUnderstoodFailsAndIsLogged() throws {
        let hub = try Self.demoHome()
        let result = try hub.run("do", "open the pod bay doors")
        #expect(result.status != 0)
        #expect(result.stderr.contains("didn't understand 'open the pod bay doors'"))
        #expect(try hub.run("events").stdout.contains("failed"))
    }

    @Test(arguments: [
        (["device", "add", "lamp", "--kind", "light", "--room", "kitchn"], "unknown room 'kitchn' (did you mean 'kitchen'?)"),
        (["device", "add", "kitchen ceiling", "--kind", "light", "--room", "kitchen"], "kitchen ceiling"),
        (["device", "set", "bedside lamp", "brightness=140"], "invalid brightness 140"),
        (["device", "set", "bedroom thermostat", "mode=sauna"], "sauna"),
        (["device", "show", "bedsid lamp"], "did you mean 'bedside lamp'"),
        (["device", "add", "lamp", "--kind", "light", "--room", "kitchen", "--config", "novalue"], "'novalue' is not key=value"),
        (["room", "remove", "garage"], "garage"),
        (["device", "add", "lamp", "--kind", "light", "--room", "kitchen", "--plugin", "zwave"], "unknown plugin 'zwave'"),
    ])
    func badInputFailsClearlyAndChangesNothing(arguments: [String], message: String) throws {
        let hub = try Self.demoHome()
        let before = try hub.run("device", "list", "--json").stdout
        let result = try hub.run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try hub.run("device", "list", "--json").stdout == before)
    }

    @Test func deviceSetGoesThroughThePlugin() throws {
        let hub = try Self.demoHome()
        try hub.run("device", "add", "garden light", "--kind", "light", "--room", "kitchen",
                    "--plugin", "exec", "--config", "command=/bin/false")
        let failed = try hub.run("device", "set", "garden light", "on=true")
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("garden light"))
        let shown = try HubProcess.json(hub.run("device", "show", "garden light", "--json")) as? [String: Any]
        #expect((shown?["state"] as? [String: Any])?["on"] as? Bool != true)
        #expect(try hub.run("events").stdout.contains("failed"))

        try hub.run("device", "add", "porch light", "--kind", "light", "--room", "kitchen",
                    "--plugin", "exec", "--config", "command=/bin/cat")
        let worked = try hub.run("device", "set", "porch light", "on=true", "brightness=30")
        #expect(worked.status == 0, "\(worked.stderr)")
        #expect(worked.stdout.contains("30 %"))
    }

    @Test func corruptDatabaseIsNamed() throws {
        let hub = try HubProcess()
        try Data("this is not a database, just some text that is long enough".utf8)
            .write(to: URL(fileURLWithPath: hub.database))
        let result = try hub.run("room", "list")
        #expect(result.status != 0)
        #expect(result.stderr.contains(hub.database))
    }
}
