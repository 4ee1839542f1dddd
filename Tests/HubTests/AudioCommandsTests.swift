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
