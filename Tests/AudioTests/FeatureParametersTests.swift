import Foundation
import Testing
@testable import Audio

private let fixed = FeatureParameters(
    normalization: .fixed(mean: (0..<40).map { Float($0) / 3 }, standardDeviation: (0..<40).map { 1 + Float($0) / 7 }))

/// `training.speech_embedding.front_end()`: periodic Hann, 32 Slaney bands, log-mel, fixed normalisation.
private let speechEmbedding = FeatureParameters(
    preEmphasis: 0, window: .periodicHann, melBands: 32, lowFrequency: 60, highFrequency: 3_800,
    logFloor: Float(100 / 1_073_741_824.0), cepstralCoefficients: 32,
    normalization: .fixed(
        mean: Array(repeating: Float(-(2 * log(10.0) + 30 * log(2.0))), count: 32),
        standardDeviation: Array(repeating: Float(log(10.0)), count: 32)),
    melScale: .slaney, cepstrum: .logMel)

private func u32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    bytes[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) }
}

@Test func defaultParametersAreTheDocumentedFrontEnd() throws {
    let p = FeatureParameters()
    #expect(p.sampleRate == 16_000 && p.frameLength == 400 && p.frameShift == 160)
    #expect(p.preEmphasis == 0.97 && p.window == .hamming && p.fftSize == 512)
    #expect(p.melBands == 40 && p.lowFrequency == 20 && p.highFrequency == 7_600)
    #expect(p.cepstralCoefficients == 40 && p.normalization == .none)
    #expect(p.melScale == .htk && p.cepstrum == .dct && !p.isExtended)
    try p.validate()
}

@Test(arguments: [
    FeatureParameters(), fixed, FeatureParameters(window: .hann, melBands: 23, cepstralCoefficients: 13),
    FeatureParameters(window: .periodicHann), FeatureParameters(melScale: .slaney), FeatureParameters(cepstrum: .logMel),
    speechEmbedding,
])
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

@Test func pythonWrittenExtendedParametersDecodeToTheSpeechEmbeddingFrontEnd() throws {
    let binary = try Data(contentsOf: TestSupport.fixtures.appendingPathComponent("feature_parameters_speech_embedding.bin"))
    #expect(try FeatureParameters(serialized: [UInt8](binary)) == speechEmbedding)
    #expect([UInt8](binary) == speechEmbedding.serialized())
    let json = try Data(contentsOf: TestSupport.fixtures.appendingPathComponent("feature_parameters_speech_embedding.json"))
    #expect(try FeatureParameters(json: json) == speechEmbedding)
}

@Test func onlyExtendedParametersUseVersion2AndTheOptionalJSONKeys() throws {
    for parameters in [FeatureParameters(), FeatureParameters(window: .periodicHann)] {
        let block = parameters.serialized()
        #expect(u32(block, at: 4) == 1 && block.count == 56)
        let json = String(decoding: try parameters.jsonData(), as: UTF8.self)
        #expect(!json.contains("mel_scale") && !json.contains("cepstrum"), "\(json)")
    }
    #expect(u32(FeatureParameters(window: .periodicHann).serialized(), at: 24) == 2)
    // Version 2 puts the mel_scale and cepstrum codes right after cepstral_coefficients (bytes 48..<52).
    let block = FeatureParameters(melScale: .slaney, cepstrum: .logMel).serialized()
    #expect(u32(block, at: 4) == 2 && block.count == 64)
    #expect(u32(block, at: 52) == 1 && u32(block, at: 56) == 1)
    let json = String(decoding: try FeatureParameters(cepstrum: .logMel).jsonData(), as: UTF8.self)
    #expect(json.contains(#""cepstrum":"none""#) && json.contains(#""mel_scale":"htk""#), "\(json)")
}

@Test func logMelOutputNeedsOneValuePerBand() {
    #expect(throws: AudioError.invalidParameter(
        name: "cepstral_coefficients", reason: "13; cepstrum 'none' (log-mel output) needs mel_bands (40)")) {
        try FeatureParameters(cepstralCoefficients: 13, cepstrum: .logMel).validate()
    }
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
    version[4] = 3
    rejects(version, mentioning: "unsupported version 3")
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

    var defaultsAsVersion2 = good
    defaultsAsVersion2[4] = 2
    defaultsAsVersion2.insert(contentsOf: [UInt8](repeating: 0, count: 8), at: 52)
    rejects(defaultsAsVersion2, mentioning: "version 2 block with default mel_scale and cepstrum")
    let extended = FeatureParameters(melScale: .slaney).serialized()
    var melScale = extended
    melScale[52] = 5
    rejects(melScale, mentioning: "unknown mel_scale code 5")
    var cepstrum = extended
    cepstrum[56] = 7
    rejects(cepstrum, mentioning: "unknown cepstrum code 7")
}
