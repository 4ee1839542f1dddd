import Foundation
import Testing

/// `hub serve --no-audio` end to end over real HTTP: auth, the registry routes, device control,
/// commands, speech upload, the event stream, bad input and shutdown.
@Suite struct ServeAPITests {
    @Test func everyAPIRouteNeedsAValidToken() async throws {
        let server = try await HubServer.start(CLITests.demoHome())
        for token: String? in [nil, "hub_0123", ""] {
            let response = try await server.request("GET", "/api/devices", token: .some(token))
            #expect(response.status == 401, "token \(String(describing: token))")
            #expect(try response.object()["error"] is String)
            #expect(response.headers["www-authenticate"] == "Bearer")
        }
        let basic = try await server.request("GET", "/api/rooms", token: .some(nil), headers: ["Authorization": "Basic dXNlcjpwdw=="])
        #expect(basic.status == 401)
        // The token as a query parameter is for the event stream only.
        #expect(try await server.request("GET", "/api/devices?access_token=\(server.token)", token: .some(nil)).status == 401)
        #expect(try await server.request("GET", "/api/devices").status == 200)

        try server.hub.run("token", "revoke", "tests")
        #expect(try await server.request("GET", "/api/devices").status == 401)
    }

    @Test func roomsAndDevicesAreListedAndShown() async throws {
        let server = try await HubServer.start(CLITests.demoHome())
        let rooms = try await server.request("GET", "/api/rooms").array()
        #expect(rooms.map { $0["name"] as? String } == ["bedroom", "kitchen"])
        let kitchen = try await server.request("GET", "/api/rooms/kitchen").object()
        #expect((kitchen["devices"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["kitchen ceiling", "kitchen counter"])
        #expect(try await server.request("GET", "/api/rooms/master%20bedroom").object()["name"] as? String == "bedroom")

        let devices = try await server.request("GET", "/api/devices").array()
        #expect(devices.count == 4)
        let lamp = try await server.request("GET", "/api/devices/reading%20light").object()
        #expect(lamp["name"] as? String == "bedside lamp")
        #expect(lamp["room"] as? String == "bedroom")
        #expect(lamp["config"] == nil, "plugin settings may hold secrets")
    }

    @Test func unknownIdsAndRoutesAre404WithTheRegistrysSuggestion() async throws {
        let server = try await HubServer.start(CLITests.demoHome())
        let device = try await server.request("GET", "/api/devices/kitchen%20ceilin")
        #expect(device.status == 404)
        #expect(try device.object()["error"] as? String == "unknown device 'kitchen ceilin' (did you mean 'kitchen ceiling'?)")
        #expect(try await server.request("GET", "/api/rooms/garage").status == 404)
        #expect(try await server.request("POST", "/api/devices/nothing/state", json: #"{"on":true}"#).status == 404)
        let route = try await server.request("GET", "/api/nothing")
        #expect(route.status == 404)
        #expect(try route.object()["error"] as? String == "no such route: GET /api/nothing")
        let method = try await server.request("DELETE", "/api/devices")
        #expect(method.status == 405)
        #expect(method.headers["allow"] == "GET")
    }

    @Test func deviceStateChangesGoThroughThePluginAndAreLogged() async throws {
        let server = try await HubServer.start(CLITests.demoHome())
        let changed = try await server.request("POST", "/api/devices/bedside%20lamp/state", json: #"{"on":true,"brightness":40}"#)
        #expect(changed.status == 200, "\(changed.text)")
        let state = try changed.object()["state"] as? [String: Any]
        #expect(state?["on"] as? Bool == true)
        #expect(state?["brightness"] as? Int == 40)
        let shown = try HubProcess.json(server.hub.run("device", "show", "bedside lamp", "--json")) as? [String: Any]
        #expect((shown?["state"] as? [String: Any])?["brightness"] as? Int == 40)
        let events = try server.hub.run("events", "--json").stdout
        #expect(events.contains(#""source":"api""#) && events.contains("bedside lamp"), "\(events)")

        let thermostat = try await server.request("POST", "/api/devices/bedroom%20thermostat/state", json: #"{"target":21.5,"mode":"heat"}"#)
        #expect((try thermostat.object()["state"] as? [String: Any])?["target"] as? Double == 21.5)
    }

    @Test(arguments: [
        (#"{"on":"#, 400, "malformed JSON body: not valid JSON"),
        (#"[true]"#, 400, "malformed JSON body"),
        (#"{"on":null}"#, 400, "'on'"),
        (#"{"on":{"x":1}}"#, 400, "'on': expected true/false, a number or a string"),
        (#"{}"#, 422, "give at least one state key"),
        (#"{"brightness":140}"#, 422, "invalid brightness 140"),
        (#"{"colour":"red"}"#, 422, "unknown state key 'colour' (did you mean 'color'?)"),
    ])
    func badStateBodiesGetAClear4xx(body: String, status: Int, message: String) async throws {
        let server = try await HubServer.start(CLITests.demoHome())
        let response = try await server.request("POST", "/api/devices/bedside%20lamp/state", json: body)
        #expect(response.status == status, "\(response.text)")
        let error = try response.object()["error"] as? String ?? ""
        #expect(error.contains(message), "\(error)")
        #expect(try await server.request("GET", "/api/devices").status == 200, "the server is still up")
    }

    @Test func hugeBodiesAre413() async throws {
        let server = try await HubServer.start(CLITests.demoHome())
        let json = try await server.request("POST", "/api/command", body: Data(repeating: 0x20, count: 100_000))
        #expect(json.status == 413)
        #expect(try json.object()["error"] as? String == "request body too large (the limit is 65536 bytes)")
        let audio = try await server.request("POST", "/api/recognize", body: Data(repeating: 0, count: 11 * 1024 * 1024))
        #expect(audio.status == 413)
        #expect(try await server.request("GET", "/api/rooms").status == 200, "the server is still up")
    }

    @Test func commandsAreCarriedOutAndUnderstoodOrRefused() async throws {
        let server = try await HubServer.start(CLITests.demoHome())
        let done = try await server.request("POST", "/api/command", json: #"{"text":"turn on the kitchen lights"}"#)
        #expect(done.status == 200, "\(done.text)")
        let report = try done.object()
        #expect(report["targets"] as? [String] == ["kitchen ceiling", "kitchen counter"])
        #expect((report["response"] as? String)?.contains("Turned on") == true)

        let refused = try await server.request("POST", "/api/command", json: #"{"text":"open the pod bay doors"}"#)
        #expect(refused.status == 422)
        #expect(try refused.object()["error"] as? String == "sorry, I didn't understand 'open the pod bay doors'")
        #expect(try await server.request("POST", "/api/command", json: #"{"words":"x"}"#).status == 400)
        #expect(try await server.request("POST", "/api/command", json: #"{"text":"  "}"#).status == 422)
        #expect(try await server.request("GET", "/api/command").status == 405)
    }

    @Test func recognizeAnswersLikeHubRecognize() async throws {
        let server = try await HubServer.start(CLITests.demoHome())
        let response = try await server.request("POST", "/api/recognize?execute=true", body: Self.wav(seconds: 1.5))
        #expect(response.status == 200, "\(response.text)")
        let object = try response.object()
        #expect(Set(object.keys).isSuperset(of: ["file", "text", "intent", "slots", "confidence", "audio_s", "ms"]))
        #expect(abs((object["audio_s"] as? Double ?? 0) - 1.5) < 0.01)

        let notAudio = try await server.request("POST", "/api/recognize", body: Data("this is not a sound file".utf8))
        #expect(notAudio.status == 422, "\(notAudio.text)")
        #expect((try notAudio.object()["error"] as? String)?.contains("upload") == true)
        #expect(try await server.request("POST", "/api/recognize").status == 400)
        #expect(try await server.request("POST", "/api/recognize?execute=perhaps", body: Self.wav(seconds: 0.5)).status == 400)
    }

    @Test func theEventStreamSendsEachNewEvent() async throws {
        let server = try await HubServer.start(CLITests.demoHome())
        let (port, token) = (server.port, server.token)
        let seen = try await server.stream("/api/events?access_token=\(token)", timeout: 20, whileOpen: {
            _ = try HTTPTestClient.send(
                "POST", "/api/command", port: port, body: Data(#"{"text":"turn on the kitchen lights"}"#.utf8),
                headers: ["Authorization": "Bearer \(token)"])
        }, until: { $0.contains("HassTurnOn") && $0.hasSuffix("\n\n") })
        #expect(seen.contains("text/event-stream"), "\(seen)")
        #expect(seen.contains(#"data: {"#) && seen.contains(#""intent":"HassTurnOn""#) && seen.contains(#""source":"api""#), "\(seen)")
        #expect(seen.contains("\nid: "), "\(seen)")
    }

    @Test func theEventStreamReplaysTheLastEventsOnRequest() async throws {
        let hub = try CLITests.demoHome()
        try hub.run("do", "turn off the kitchen lights")
        let server = try await HubServer.start(hub)
        let seen = try await server.stream(
            "/api/events?last=5", headers: ["Authorization": "Bearer \(server.token)"], timeout: 10,
            until: { $0.contains("HassTurnOff") })
        #expect(seen.contains(#""text":"turn off the kitchen lights""#), "\(seen)")
        let bad = try await server.request("GET", "/api/events?last=many")
        #expect(bad.status == 400)
    }

    @Test func sigtermStopsTheServerWhileAStreamIsOpen() async throws {
        let server = try await HubServer.start(CLITests.demoHome())
        let process = Unchecked(server.process)
        let started = Date()
        _ = try await server.stream(
            "/api/events?access_token=\(server.token)", timeout: 20,
            whileOpen: { process.value.terminate() },
            until: { _ in !process.value.isRunning })
        #expect(try await server.stop() == 0)
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(try await server.remainingOutput().contains("hub serve: stopped"))
    }

    @Test func theDashboardPageNeedsNoToken() async throws {
        let server = try await HubServer.start(CLITests.demoHome())
        let page = try await server.request("GET", "/", token: .some(nil))
        #expect(page.status == 200)
        #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(page.text.contains("<title>hub</title>") && page.text.contains("EventSource"))
    }

    /// A 16 kHz mono 16-bit WAV of a quiet 440 Hz tone.
    static func wav(seconds: Double) -> Data {
        let rate = 16_000, count = Int(seconds * Double(rate))
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + count * 2)); data.append(contentsOf: Array("WAVE".utf8))
        data.append(contentsOf: Array("fmt ".utf8)); append(UInt32(16)); append(UInt16(1)); append(UInt16(1))
        append(UInt32(rate)); append(UInt32(rate * 2)); append(UInt16(2)); append(UInt16(16))
        data.append(contentsOf: Array("data".utf8)); append(UInt32(count * 2))
        for index in 0..<count { append(Int16(2000 * sin(2 * Double.pi * 440 * Double(index) / Double(rate)))) }
        return data
    }
}
