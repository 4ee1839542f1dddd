import Foundation
import Synchronization
import Testing

/// `hub listen` end to end: a synthesized two-command stream played into the real ALSA capture path
/// through an ALSA `file` PCM, and the device changes it must cause.
@Suite struct ListenCommandTests {
    /// "computer … turn on the kitchen lights … computer … set the bedroom to 21 degrees … computer …
    /// turn on the bedroom lights", with pauses as a person would leave them.
    static let threeCommands: [SpokenStream.Part] = [
        .quiet(1.5), .say("computer"), .quiet(0.8), .say("turn on the kitchen lights"), .quiet(2),
        .say("computer"), .quiet(0.8), .say("set the bedroom to 21 degrees"), .quiet(2),
        .say("computer"), .quiet(0.8), .say("turn on the bedroom lights"), .quiet(2.5),
    ]

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hub-listen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func state(_ hub: HubProcess, _ device: String) throws -> [String: Any] {
        let shown = try HubProcess.json(hub.run("device", "show", device, "--json")) as? [String: Any]
        return shown?["state"] as? [String: Any] ?? [:]
    }

    static func turns(_ output: String) -> [[String: Any]] {
        output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test func twoSpokenCommandsThroughTheALSAFilePCMChangeTwoDevices() throws {
        let hub = try CLITests.demoHome()
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let raw = folder.appendingPathComponent("stream.raw")
        try SpokenStream.writeRaw(SpokenStream.samples(Self.threeCommands), to: raw)
        let config = folder.appendingPathComponent("asound.conf")
        try Data("""
            pcm.hubtest {
                type file
                slave.pcm { type null }
                file "/dev/null"
                infile "\(raw.path)"
                format "raw"
            }
            """.utf8).write(to: config)
        #expect(try Self.state(hub, "kitchen ceiling")["on"] as? Bool != true)

        let (process, pipe) = try hub.start(["listen", "--input", "hubtest", "--alsa-config", config.path, "--json"])
        let output = Collected()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            output.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        // The capture never ends (the file PCM keeps delivering), so stop it like a person would: Ctrl-C.
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, Self.turns(output.text.withLock { $0 }).count < 3 {
            Thread.sleep(forTimeInterval: 0.2)
        }
        process.interrupt()
        process.waitUntilExit()
        pipe.fileHandleForReading.readabilityHandler = nil
        let printed = output.text.withLock { $0 }
        #expect(process.terminationStatus == 0, "\(printed)")

        let turns = Self.turns(printed)
        #expect(turns.count == 3, "\(printed)")
        #expect(turns.allSatisfy { $0["wake_s"] is Double }, "every turn began with the wake word: \(printed)")
        #expect(turns.first?["intent"] as? String == "HassTurnOn", "\(printed)")
        #expect(turns.last?["intent"] as? String == "HassTurnOn", "\(printed)")
        #expect(try Self.state(hub, "kitchen ceiling")["on"] as? Bool == true)
        #expect(try Self.state(hub, "kitchen counter")["on"] as? Bool == true)
        #expect(try Self.state(hub, "bedside lamp")["on"] as? Bool == true)
        let target = try Self.state(hub, "bedroom thermostat")["target"] as? Double
        #expect(target == 21)
        let events = try hub.run("events", "--json").stdout
        let logged = Self.turns(events)
        #expect(logged.filter { $0["source"] as? String == "voice" }.count == 3, "every turn is an event: \(events)")
    }

    @Test func aRecordingRunsTheSameLoopAndEnds() throws {
        let hub = try CLITests.demoHome()
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wav = folder.appendingPathComponent("stream.wav")
        try SpokenStream.writeWAV(SpokenStream.samples(Self.threeCommands), to: wav)
        let result = try hub.run("listen", "--input", wav.path, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let turns = Self.turns(result.stdout)
        #expect(turns.count == 3, "\(result.stdout)")
        let first = try #require(turns.first)
        #expect(first["response"] as? String == "Turned on 2 lights in the kitchen")
        let endpoint = try #require(first["endpoint_ms"] as? Double)
        let latency = try #require(first["latency_ms"] as? Double)
        #expect(endpoint >= 200 && latency > endpoint, "the default trailing silence is 200 ms")
        #expect(try Self.state(hub, "bedside lamp")["on"] as? Bool == true)
        let target = try Self.state(hub, "bedroom thermostat")["target"] as? Double
        #expect(target == 21)
    }

    @Test func withoutTheWakeWordNothingHappens() throws {
        let hub = try CLITests.demoHome()
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wav = folder.appendingPathComponent("stream.wav")
        try SpokenStream.writeWAV(SpokenStream.samples([.quiet(1.5), .say("turn on the kitchen lights"), .quiet(2)]), to: wav)
        let result = try hub.run("listen", "--input", wav.path, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.turns(result.stdout).isEmpty, "\(result.stdout)")
        #expect(try Self.state(hub, "kitchen ceiling")["on"] as? Bool != true)

        let direct = try hub.run("listen", "--input", wav.path, "--no-wake", "--json")
        #expect(Self.turns(direct.stdout).first?["intent"] as? String == "HassTurnOn", "\(direct.stdout)")
        #expect(try Self.state(hub, "kitchen ceiling")["on"] as? Bool == true)
    }

    @Test func missingInputIsNamed() throws {
        let hub = try CLITests.demoHome()
        let result = try hub.run("listen", "--input", "no_such_pcm_device")
        #expect(result.status != 0)
        #expect(result.stderr.contains("no_such_pcm_device"))
        let file = try hub.run("listen", "--input", "/nonexistent/stream.wav")
        #expect(file.status != 0)
        #expect(file.stderr.contains("/nonexistent/stream.wav"))
    }

    @Test func speakingWithoutEspeakIsAClearError() throws {
        let hub = try CLITests.demoHome()
        let process = Process()
        process.executableURL = HubProcess.executable
        process.arguments = ["listen", "--input", "default", "--speak"]
        var environment = hub.environment
        environment["PATH"] = "/nonexistent"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(stderr.contains("--speak needs the espeak-ng program"), "\(stderr)")
    }

    @Test func spotPrintsDetectionsAndWarnsAboutShortPhrases() throws {
        let hub = try HubProcess()
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wav = folder.appendingPathComponent("computer.wav")
        try SpokenStream.writeWAV(SpokenStream.samples([.quiet(1), .say("computer"), .quiet(1)]), to: wav)
        let result = try hub.run("spot", wav.path, "--phrase", "computer", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let object = try HubProcess.json(result) as? [String: Any]
        #expect(object?["file"] as? String == wav.path)
        let detections = try #require(object?["detections"] as? [[String: Any]])
        #expect(detections.count == 1)
        #expect(Set(detections.first?.keys.map { $0 } ?? []) == ["start_s", "end_s", "score"])

        let short = try hub.run("spot", wav.path, "--phrase", "ok")
        #expect(short.status == 0)
        #expect(short.stderr.contains("warning: wake phrase 'ok' is too short"))
    }
}

/// Output a reader thread appends to while the test polls it.
private final class Collected: Sendable {
    let text = Mutex("")
}
