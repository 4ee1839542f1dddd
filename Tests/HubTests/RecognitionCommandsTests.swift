import Foundation
import Testing

/// `hub recognize` and `hub eval` with the committed model, end to end. Accuracy is measured by
/// bench/accuracy.sh on real speech; these tests check the contract: output shape and clear errors.
@Suite struct RecognitionCommandsTests {
    static let shared = HubProcess.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    static let speech = shared.appendingPathComponent("reference-audio/goforward.raw").path

    @Test func recognizePrintsOneJSONObjectPerFile() throws {
        let hub = try CLITests.demoHome()
        let result = try hub.run("recognize", Self.speech, Self.speech, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        try #require(lines.count == 2)
        let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(object?["file"] as? String == Self.speech)
        let keys = Set(object.map { Array($0.keys) } ?? [])
        #expect(keys.isSuperset(of: ["file", "text", "intent", "slots", "confidence", "audio_s", "ms"]))
        let seconds = try #require(object?["audio_s"] as? Double)
        #expect(abs(seconds - 2.6) < 1.0, "goforward.raw is about 2.6 s of 16 kHz audio")
        let confidence = try #require(object?["confidence"] as? Double)
        #expect((0...1).contains(confidence))
    }

    /// `--evidence` adds what the confidence was computed from, for `training.calibrate`; plain
    /// `--json` lines leave it out.
    @Test func evidenceIsPrintedOnRequest() throws {
        let hub = try CLITests.demoHome()
        let plain = try hub.run("recognize", Self.speech, "--json", "--threshold", "0")
        let detailed = try hub.run("recognize", Self.speech, "--json", "--threshold", "0", "--evidence")
        #expect(detailed.status == 0, "\(detailed.stderr)")
        let without = try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any]
        let with = try JSONSerialization.jsonObject(with: Data(detailed.stdout.utf8)) as? [String: Any]
        #expect(without?["evidence"] == nil)
        let evidence = try #require(with?["evidence"] as? [String: Any], "\(detailed.stdout)")
        #expect(Set(evidence.keys) == ["phonemes", "ratio", "posterior", "coverage"])
        let phonemes = try #require(evidence["phonemes"] as? Int)
        #expect(phonemes > 0)
        let ratio = try #require(evidence["ratio"] as? Double), posterior = try #require(evidence["posterior"] as? Double)
        #expect(ratio <= 0 && posterior <= ratio)
        #expect(with?["text"] as? String == without?["text"] as? String)
    }

    @Test func unreadableAudioIsNamedAndFails() throws {
        let hub = try CLITests.demoHome()
        let missing = "/nonexistent/command.wav"
        let result = try hub.run("recognize", missing, Self.speech, "--json")
        #expect(result.status != 0)
        #expect(result.stderr.contains(missing))
        #expect(result.stdout.split(separator: "\n").count == 1, "the readable file is still recognized")
    }

    @Test func brokenModelIsRejected() throws {
        let hub = try CLITests.demoHome()
        let model = HubProcess.packageRoot.appendingPathComponent("Tests/ASRTests/Fixtures/models/bad-checksum.bin").path
        let result = try hub.run("recognize", Self.speech, "--model", model)
        #expect(result.status != 0)
        #expect(result.stderr.contains("checksum mismatch"))
    }

    @Test func evalReportsAccuracyAndErrors() throws {
        let hub = try CLITests.demoHome()
        let folder = Self.shared.appendingPathComponent("reference-audio").path
        let labels = FileManager.default.temporaryDirectory.appendingPathComponent("labels-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: labels) }
        try Data(#"{"goforward.raw": {"intent": null}, "numbers.raw": {"intent": "HassTurnOn", "slots": {"area": "kitchen"}}}"#.utf8)
            .write(to: labels)
        let result = try hub.run("eval", folder, "--labels", labels.path, "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try HubProcess.json(result) as? [String: Any]
        #expect(summary?["n"] as? Int == 2)
        let accuracy = try #require(summary?["accuracy"] as? Double)
        let errors = try #require(summary?["errors"] as? [[String: Any]])
        #expect(Double(2 - errors.count) / 2 == accuracy)
        #expect(summary?["rtf"] is Double)

        try Data("{not json".utf8).write(to: labels)
        let broken = try hub.run("eval", folder, "--labels", labels.path)
        #expect(broken.status != 0)
        #expect(broken.stderr.contains(labels.path))
    }

    @Test func evalInNoiseNamesTheNoiseOfEachRecording() throws {
        let hub = try CLITests.demoHome()
        let folder = Self.shared.appendingPathComponent("reference-audio").path
        let labels = FileManager.default.temporaryDirectory.appendingPathComponent("labels-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: labels) }
        try Data(#"{"goforward.raw": {"intent": "HassTurnOn", "slots": {"area": "garage"}}, "numbers.raw": {"intent": "HassTurnOn", "slots": {"area": "kitchen"}}}"#.utf8)
            .write(to: labels)
        let noise = Self.shared.appendingPathComponent("noise").path
        let result = try hub.run("eval", folder, "--labels", labels.path, "--noise", noise, "--snr", "0", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try HubProcess.json(result) as? [String: Any])
        let tallies = try #require(summary["noises"] as? [String: [String: Int]])
        #expect(tallies.values.reduce(0) { $0 + ($1["n"] ?? 0) } == 2)
        let errors = try #require(summary["errors"] as? [[String: Any]])
        #expect(!errors.isEmpty)
        for error in errors {
            let name = try #require(error["noise"] as? String)
            #expect(FileManager.default.fileExists(atPath: noise + "/" + name))
        }
        #expect(tallies.values.reduce(0) { $0 + ($1["errors"] ?? 0) } == errors.count)
    }
}

/// A command surrounded by seconds of background noise is found where it is spoken.
@Suite struct LongRecordingTests {
    @Test func commandInsideALongNoisyRecordingIsFound() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("long-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let command = SpokenStream.Part.say("turn on the kitchen lights")
        let spoken = folder.appendingPathComponent("spoken.wav").path
        try SpokenStream.writeWAV(SpokenStream.samples([command]), to: URL(fileURLWithPath: spoken))
        let padded = folder.appendingPathComponent("long.wav").path
        try SpokenStream.writeWAV(SpokenStream.samples([.quiet(6), command, .quiet(7)]),
                                  to: URL(fileURLWithPath: padded))

        let hub = try CLITests.demoHome()
        for file in [spoken, padded] {
            let result = try hub.run("recognize", file, "--json")
            #expect(result.status == 0, "\(result.stderr)")
            let object = try HubProcess.json(result) as? [String: Any]
            #expect(object?["intent"] as? String == "HassTurnOn", "\(file): \(result.stdout)")
            #expect((object?["slots"] as? [String: Any])?["area"] as? String == "kitchen", "\(file): \(result.stdout)")
        }
    }
}
