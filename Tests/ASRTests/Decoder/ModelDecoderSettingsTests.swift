import Foundation
import Testing
@testable import ASR

@Suite struct ModelDecoderSettingsTests {
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("decoder-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func theFileBesideTheModelOverridesOnlyWhatItGives() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("am.bin").path
        #expect(ModelDecoderSettings.path(forModelAt: model) == dir.appendingPathComponent("am.decoder.json").path)
        #expect(try ModelDecoderSettings.load(forModelAt: model) == nil)
        try Data(#"{"blank_penalty": 1.5, "calibration": {"scale": 2, "offset": 4, "posterior_weight": 0.5, "coverage_weight": 3}}"#.utf8)
            .write(to: dir.appendingPathComponent("am.decoder.json"))
        let options = try #require(try ModelDecoderSettings.load(forModelAt: model)).applied(to: DecoderOptions())
        #expect(options.blankPenalty == 1.5)
        #expect(options.threshold == DecoderOptions().threshold)
        #expect(options.calibration == ConfidenceCalibration(scale: 2, offset: 4, posteriorWeight: 0.5, coverageWeight: 3))
    }

    @Test func aMalformedFileIsAnErrorThatNamesIt() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"threshold": "high"}"#.utf8).write(to: dir.appendingPathComponent("am.decoder.json"))
        let error = #expect(throws: DecoderError.self) {
            try ModelDecoderSettings.load(forModelAt: dir.appendingPathComponent("am.bin").path)
        }
        #expect(String(describing: error).contains("am.decoder.json"))
    }
}
