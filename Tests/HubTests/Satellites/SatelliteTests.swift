import BrokerSupport
import Foundation
import Home
import Testing
@testable import Hub

/// `hub serve --no-http --no-audio` and `hub satellite` end to end: a real mosquitto on 127.0.0.1, the demo home,
/// and satellites fed espeak-ng recordings (voice en-gb+m3, which the model never trained on).
@Suite(.serialized) struct SatelliteTests {
    @Test func twoSatellitesInOneRoomTriggerOneAction() async throws {
        let harness = try await SatelliteHarness.start()
        let intents = try await harness.watch(["hub/intent/#"])
        let audio = try await harness.watch(["hub/+/audio/#"])
        let speech = try harness.speech("turn on the lights")

        let first = try harness.satellite(site: "kitchen", input: speech)
        let second = try harness.satellite(site: "kitchen", input: speech)
        let results = try [SatelliteHarness.finish(first), SatelliteHarness.finish(second)]
        for result in results {
            #expect(result.status == 0, "\(result.stderr)\n\(harness.serverOutput)")
            #expect(result.results.count == 1, "one utterance, one result")
        }
        let answers = results.flatMap(\.results)
        for answer in answers {
            #expect(answer["intent"] as? String == "HassTurnOn", "\(answer)")
            #expect((answer["slots"] as? [String: Any])?["area"] as? String == "kitchen", "the site's room stands in")
            #expect(answer["response"] as? String == "Turned on 2 lights in the kitchen")
        }
        let executed = answers.filter { $0["executed"] as? Bool == true }
        #expect(executed.count == 1, "exactly one satellite's command was carried out")
        let duplicate = answers.first { $0["executed"] as? Bool == false }
        #expect(duplicate?["duplicate_of"] as? String == executed.first?["utterance"] as? String)

        #expect(try harness.isOn("kitchen ceiling") == true)
        #expect(try harness.isOn("kitchen counter") == true)
        #expect(try harness.isOn("bedside lamp") != true, "other rooms are left alone")
        #expect(try harness.events().count == 1, "one action in the event log")

        // The intent went out once, for other home software.
        let published = await SatelliteHarness.collect(intents, for: 0.5)
        #expect(published.map(\.topic) == ["hub/intent/HassTurnOn"])
        let intent = try published.first.map { try JSONSerialization.jsonObject(with: $0.payload) as? [String: Any] }
        #expect(intent??["site"] as? String == "kitchen")
        #expect(intent??["room"] as? String == "kitchen")
        #expect(intent??["text"] as? String == executed.first?["text"] as? String)

        // Every audio message again, as a broker redelivers QoS 1 messages after a reconnection: no second action.
        let recorded = await SatelliteHarness.collect(audio, for: 0.1)
        #expect(recorded.count > 10)
        let replay = try await harness.watch([])
        for message in recorded { try replay.publish(message.payload, to: message.topic) }
        #expect(await replay.waitUntilDelivered(timeout: .seconds(5)))
        try await Task.sleep(for: .seconds(2.5))
        #expect(try harness.events().count == 1, "redelivered utterances are ignored")
        #expect(harness.stopServer() == 0, "SIGTERM stops the server cleanly")
    }

    @Test func anUnknownSiteGetsAClearError() async throws {
        let harness = try await SatelliteHarness.start()
        let speech = try harness.speech("turn on the lights")
        let result = try SatelliteHarness.finish(harness.satellite(site: "garage", input: speech))
        #expect(result.status != 0)
        let error = result.results.first?["error"] as? String
        #expect(error?.contains("site 'garage' is not a room of this home") == true, "\(result.results) \(result.stderr)")
        #expect(try harness.events().isEmpty)
    }

    @Test func anUtteranceMissingFramesIsDroppedWithAnError() async throws {
        let harness = try await SatelliteHarness.start()
        let results = try await harness.watch(["hub/kitchen/result"])
        let satellite = try await harness.watch([])
        let id = UUID()
        try satellite.publish(SatelliteJSON.encode(UtteranceStart(utterance: id, site: "kitchen", satellite: "test")),
                              to: "hub/kitchen/audio/start")
        for sequence: UInt32 in [0, 2] {
            let frame = AudioFrame(utterance: id, sequence: sequence, samples: Array(repeating: 0, count: 1600))
            try satellite.publish(frame.encoded(), to: "hub/kitchen/audio/frame")
        }
        try satellite.publish(SatelliteJSON.encode(UtteranceEnd(utterance: id, frames: 4)), to: "hub/kitchen/audio/end")
        let answers = await SatelliteHarness.collect(results, for: 2.5)
        #expect(answers.count == 1)
        let answer = try answers.first.map { try JSONDecoder().decode(SatelliteResult.self, from: $0.payload) }
        #expect(answer?.utterance == id)
        #expect(answer?.error == "incomplete audio: 2 of 4 frames never arrived (first missing: 1)")
        #expect(harness.serverOutput.contains("utterance \(id) from 'kitchen' dropped"), "the drop is logged")
        #expect(try harness.events().isEmpty)
    }

    @Test func theServerSurvivesABrokerRestart() async throws {
        let harness = try await SatelliteHarness.start()
        let on = try SatelliteHarness.finish(harness.satellite(site: "kitchen", input: harness.speech("turn on the lights")))
        #expect(on.status == 0, "\(on.stderr)\n\(harness.serverOutput)")
        #expect(try harness.isOn("kitchen ceiling") == true)

        harness.broker.kill()
        try await harness.broker.restart()
        try await harness.waitForServerConnections(2)

        let off = try SatelliteHarness.finish(harness.satellite(site: "kitchen", input: harness.speech("turn off the lights")))
        #expect(off.status == 0, "\(off.stderr)\n\(harness.serverOutput)")
        #expect(off.results.first?["intent"] as? String == "HassTurnOff")
        #expect(try harness.isOn("kitchen ceiling") == false)
        let events = try harness.events()
        #expect(events.map { $0["intent"] as? String } == ["HassTurnOn", "HassTurnOff"], "each action exactly once")
    }

    @Test func badArgumentsAreRejected() throws {
        let hub = try HubProcess()
        let slash = try hub.run("satellite", "--site", "a/b")
        #expect(slash.status != 0)
        #expect(slash.stderr.contains("invalid site 'a/b'"))
        let fast = try hub.run("satellite", "--site", "kitchen", "--input", "nosuchdevice", "--fast")
        #expect(fast.stderr.contains("--fast needs an audio file"))
        let missing = try hub.run("satellite", "--site", "kitchen", "--input", "/nonexistent/command.wav")
        #expect(missing.stderr.contains("no such audio file '/nonexistent/command.wav'"))
        let broker = try hub.run("serve", "--no-http", "--broker", "host:99999")
        #expect(broker.stderr.contains("invalid broker port '99999'"))
        let nothing = try hub.run("serve", "--no-http", "--no-audio")
        #expect(nothing.status != 0)
        #expect(nothing.stderr.contains("nothing to serve"))
    }
}
