import Foundation
import Testing
@testable import Audio

private let fixed = FeatureParameters(
    normalization: .fixed(mean: (0..<40).map { Float($0) / 3 }, standardDeviation: (0..<40).map { 1 + Float($0) / 7 }))

@Test func defaultParametersAreTheDocumentedFrontEnd() throws {
    let p = FeatureParameters()
    #expect(p.sampleRate == 16_000 && p.frameLength == 400 && p.frameShift == 160)
    #expect(p.preEmphasis == 0.97 && p.window == .hamming && p.fftSize == 512)
    #expect(p.melBands == 40 && p.lowFrequency == 20 && p.highFrequency == 7_600)
    #expect(p.cepstralCoefficients == 40 && p.normalization == .none)
    try p.validate()
}

@Test(arguments: [FeatureParameters(), fixed, FeatureParameters(window: .hann, melBands: 23, cepstralCoefficients: 13)])
func parametersRoundTripThroughBothSerialisations(parameters: FeatureParameters) throws {
    #expect(try FeatureParameters(serialized: parameters.serialized()) == parameters)
    #expect(try FeatureParameters(json: parameters.jsonData()) == parameters)
}

@Test func pythonWrittenParametersDecodeToTheDefault() throws {
    let binary = try Data(contentsOf: TestSupport.fixtures.appendingPathComponent("feature_parameters.bin"))
    #expect(try FeatureParameters(serialized: [UInt8](binary)) == FeatureParameters())
    #expect([UInt8](binary) == FeatureParameters().serialized())
    let json = try Data(contentsOf: TestSupport.fixtures.appendingPathComponent("feature_parameters.json"))
    #expect(try FeatureParameters(json: json) == FeatureParameters())
}

@Test func brokenParameterBlocksAreRejectedWithSpecifics() {
    let good = FeatureParameters().serialized()
    func rejects(_ bytes: [UInt8], mentioning phrase: String) {
        do {
            _ = try FeatureParameters(serialized: bytes)
            Issue.record("accepted a broken block expected to fail with '\(phrase)'")
        } catch {
            #expect("\(error)".contains(phrase), "\(error)")
        }
    }
    rejects(Array("XFCP".utf8) + good.dropFirst(4), mentioning: "bad magic")
    var version = good
    version[4] = 2
    rejects(version, mentioning: "unsupported version 2")
    rejects(Array(good.prefix(30)), mentioning: "block ends")
    rejects(good + [0], mentioning: "unexpected bytes")
    var window = good
    window[24] = 9
    rejects(window, mentioning: "unknown window code 9")
    var fft = good
    fft[28] = 0x2C // 300: not a power of two
    fft[29] = 0x01
    rejects(fft, mentioning: "fft_size")
    rejects(Array(fixed.serialized().dropLast(4)), mentioning: "fixed normalization needs 80 floats")
}
