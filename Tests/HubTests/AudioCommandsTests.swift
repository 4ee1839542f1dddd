import Foundation
import Testing
@testable import Hub
import Audio

@Test func vadCommandParsesItsOptionsAndRejectsBadValues() throws {
    let command = try VADCommand.parse(["a.wav", "--json", "--trailing-silence-ms", "250", "--max-utterance-s", "4.5"])
    #expect(command.file == "a.wav" && command.options.json)
    #expect(command.trailingSilenceMs == 250 && command.maxUtteranceS == 4.5)
    #expect(throws: (any Error).self) { try VADCommand.parse(["a.wav", "--trailing-silence-ms", "0"]) }
    #expect(throws: (any Error).self) { try VADCommand.parse(["a.wav", "--max-utterance-s", "-1"]) }
}

@Test func vadReportEncodesTheDocumentedJSON() throws {
    let report = VADCommand.Report(file: "x.wav", segments: [.init(start_s: 0.5, end_s: 1.25)])
    #expect(try Output.jsonLine(report) == #"{"file":"x.wav","segments":[{"end_s":1.25,"start_s":0.5}]}"#)
}

@Test func benchInputIsA44kStereoFileOfTheRequestedLength() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = try BenchInput.make(seconds: 0.5, in: directory)
    #expect(input.seconds == 0.5)
    #expect(abs(input.samples.count - 8_000) <= 2)
    let source = try AudioFileSource(path: input.path)
    #expect(source.fileSampleRate == 44_100 && source.fileChannels == 2)
}

@Test func benchStagesHaveDistinctNamesAndRunOnTheInput() throws {
    let names = BenchCommand.stages.map(\.name)
    #expect(Set(names).count == names.count)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bench-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = try BenchInput.make(seconds: 0.25, in: directory)
    for stage in BenchCommand.stages { try stage.run(input) }
    #expect(throws: (any Error).self) { try BenchCommand.parse(["--repetitions", "0"]) }
}

// MARK: - End to end

/// The audio commands through the built `hub` binary.
@Suite struct AudioCommandsCLITests {
    static let wakeWord = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/wake-words/computer/0386da81-9db7-499c-b4f8-910beec53c23.wav").path

    @Test func vadPrintsTheSegmentsAsJSON() throws {
        let result = try HubProcess().run("vad", "--json", Self.wakeWord)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try HubProcess.json(result) as? [String: Any]
        #expect(report?["file"] as? String == Self.wakeWord)
        let segments = report?["segments"] as? [[String: Double]] ?? []
        #expect(segments.count == 1)
        if let segment = segments.first, let start = segment["start_s"], let end = segment["end_s"] {
            #expect(0 < start && start < end && end < 3.072)
        }
        let text = try HubProcess().run("vad", "--trailing-silence-ms", "200", "--max-utterance-s", "5", Self.wakeWord)
        #expect(text.status == 0 && text.stdout.contains(" s)"))
    }

    @Test func vadNamesAnUnreadableFile() throws {
        let result = try HubProcess().run("vad", "/nonexistent/missing.wav")
        #expect(result.status != 0)
        #expect(result.stderr.contains("'/nonexistent/missing.wav'"))
    }

    @Test func devicesListsTheNullCapturePCM() throws {
        let result = try HubProcess().run("devices", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let devices = (try HubProcess.json(result) as? [String: Any])?["devices"] as? [[String: String]] ?? []
        #expect(devices.contains { $0["name"] == "null" && $0["kind"] == "configured" })
    }

    @Test func benchReportsEveryStage() throws {
        let result = try HubProcess().run("bench", "--json", "--seconds", "0.5", "--repetitions", "1")
        #expect(result.status == 0, "\(result.stderr)")
        let report = try HubProcess.json(result) as? [String: Any]
        #expect(report?["audio_seconds"] as? Double == 0.5)
        let stages = report?["stages"] as? [[String: Any]] ?? []
        #expect(stages.compactMap { $0["name"] as? String }
            == BenchCommand.stages.map(\.name) + ["acoustic model \(SpeechOptions.defaultModel)"])
        #expect(stages.allSatisfy { ($0["rtf"] as? Double ?? 0) > 0 })
    }

    @Test func benchTimesEveryNamedModel() throws {
        let models = HubProcess.packageRoot.appendingPathComponent("models")
        let result = try HubProcess().run("bench", "--json", "--seconds", "0.5", "--repetitions", "1",
                                          "--model", models.appendingPathComponent("hub-am-v17.bin").path,
                                          "--model", models.appendingPathComponent("hub-am-v32.bin").path)
        #expect(result.status == 0, "\(result.stderr)")
        let stages = (try HubProcess.json(result) as? [String: Any])?["stages"] as? [[String: Any]] ?? []
        #expect(stages.compactMap { $0["name"] as? String }.suffix(2)
            == ["acoustic model hub-am-v17.bin", "acoustic model hub-am-v32.bin"])
    }
}
