import Foundation
import Testing
@testable import Audio

// MARK: - Streaming

/// The whole-signal features of the first 2 s of goforward.raw plus a 777-sample odd tail.
private func referenceSignal() throws -> [Float] {
    Array(try TestSupport.readS16LE(TestSupport.data("reference-audio/goforward.raw")).prefix(32_777))
}

private func features(_ samples: [Float], chunk: Int, parameters: FeatureParameters = FeatureParameters()) throws -> [[Float]] {
    var mfcc = try MFCC(parameters: parameters)
    var frames: [[Float]] = []
    var start = 0
    while start < samples.count {
        let end = min(start + chunk, samples.count)
        frames += mfcc.process(Array(samples[start..<end]))
        start = end
    }
    return frames + mfcc.flush()
}

@Test(arguments: [1, 2, 7, 159, 160, 161, 333, 399, 400, 1024, 1280, 1601, 4000])
func mfccDoesNotDependOnChunkSize(chunk: Int) throws {
    let samples = try referenceSignal()
    let whole = try features(samples, chunk: samples.count)
    let chunked = try features(samples, chunk: chunk)
    #expect(chunked.count == whole.count)
    #expect(chunked == whole, "chunk size \(chunk) changed the features")
}

@Test(arguments: [(0, 0), (1, 1), (399, 1), (400, 1), (401, 2), (560, 2), (561, 3), (32_000, 199)])
func mfccFrameCountFollowsFlushRule(samples: Int, frames: Int) throws {
    var mfcc = try MFCC()
    let signal = TestSupport.sine(frequency: 440, rate: 16_000, count: samples)
    let count = mfcc.process(signal).count + mfcc.flush().count
    #expect(count == frames)
}

@Test func mfccFlushResetsForTheNextStream() throws {
    let samples = try referenceSignal()
    var mfcc = try MFCC()
    let first = mfcc.process(samples) + mfcc.flush()
    let second = mfcc.process(samples) + mfcc.flush()
    #expect(first == second)
    #expect(first.allSatisfy { $0.count == 40 && $0.allSatisfy(\.isFinite) })
}

@Test func mfccOfSilenceIsTheLogFloor() throws {
    var mfcc = try MFCC()
    let frames = mfcc.process([Float](repeating: 0, count: 1_600)) + mfcc.flush()
    let expectedC0 = Float(40).squareRoot() * log(Float(1e-10))
    for frame in frames {
        #expect(abs(frame[0] - expectedC0) < 1e-3)
        #expect(frame.dropFirst().allSatisfy { abs($0) < 1e-3 })
    }
}

@Test func mfccAppliesFixedNormalisation() throws {
    let samples = Array(try referenceSignal().prefix(4_000))
    let mean = (0..<40).map { Float($0) * 0.5 - 3 }
    let deviation = (0..<40).map { 1 + Float($0) * 0.25 }
    let plain = try features(samples, chunk: 4_000)
    let normalized = try features(
        samples, chunk: 4_000, parameters: FeatureParameters(normalization: .fixed(mean: mean, standardDeviation: deviation)))
    for (p, n) in zip(plain, normalized) {
        for k in 0..<40 { #expect(abs(n[k] - (p[k] - mean[k]) / deviation[k]) < 1e-4) }
    }
}

@Test func logMelOfSilenceIsTheLogFloorInEveryBand() throws {
    var mfcc = try MFCC(parameters: FeatureParameters(cepstrum: .logMel))
    let frames = mfcc.process([Float](repeating: 0, count: 1_600)) + mfcc.flush()
    #expect(!frames.isEmpty)
    #expect(frames.allSatisfy { $0 == [Float](repeating: log(Float(1e-10)), count: 40) })
}

@Test func mfccRejectsInvalidParameters() {
    #expect(throws: AudioError.self) { try MFCC(parameters: FeatureParameters(fftSize: 300)) }
    #expect(throws: AudioError.self) { try MFCC(parameters: FeatureParameters(fftSize: 256)) }
    #expect(throws: AudioError.self) { try MFCC(parameters: FeatureParameters(highFrequency: 9_000)) }
    #expect(throws: AudioError.self) { try MFCC(parameters: FeatureParameters(cepstralCoefficients: 41)) }
    #expect(throws: AudioError.self) {
        try MFCC(parameters: FeatureParameters(normalization: .fixed(mean: [0], standardDeviation: [1])))
    }
    #expect(throws: AudioError.self) { try MFCC(parameters: FeatureParameters(cepstralCoefficients: 13, cepstrum: .logMel)) }
}

// MARK: - Kernels

@Test func dctMatrixIsOrthonormal() {
    let n = 40
    let d = FeatureKernels.dctMatrix(rows: n, columns: n)
    for i in 0..<n {
        for j in 0..<n {
            let dot = (0..<n).reduce(Float(0)) { $0 + d[i * n + $1] * d[j * n + $1] }
            #expect(abs(dot - (i == j ? 1 : 0)) < 1e-5)
        }
    }
}

@Test func melFilterbankCoversEveryBandWithinTheRange() {
    let parameters = FeatureParameters()
    let filters = FeatureKernels.melFilterbank(parameters)
    #expect(filters.count == 40)
    let binHertz = Float(parameters.sampleRate) / Float(parameters.fftSize)
    for filter in filters {
        #expect(!filter.weights.isEmpty)
        #expect(filter.weights.max()! > 0.3)
        #expect(Float(filter.start) * binHertz >= parameters.lowFrequency)
        #expect(Float(filter.start + filter.weights.count - 1) * binHertz <= parameters.highFrequency)
    }
}

@Test func periodicHannWindowHasDenominatorN() {
    #expect(FeatureKernels.window(.periodicHann, length: 4) == [0, 0.5, 1, 0.5])
    let periodic = FeatureKernels.window(.periodicHann, length: 400)
    #expect(periodic[0] == 0 && periodic[200] == 1)
    #expect(abs(periodic[100] - 0.5) < 1e-7 && abs(periodic[300] - 0.5) < 1e-7)
    // The symmetric Hann of the same length peaks between samples 199 and 200.
    #expect(FeatureKernels.window(.hann, length: 400)[200] < 1)
}

@Test func slaneyScaleIsLinearBelow1kHzAndLogarithmicAbove() {
    #expect(FeatureKernels.slaneyMel(500) == 7.5 && FeatureKernels.slaneyHertz(7.5) == 500)
    #expect(abs(FeatureKernels.slaneyMel(1_000) - 15) < 1e-12 && abs(FeatureKernels.slaneyMel(6_400) - 42) < 1e-12)
    #expect(abs(FeatureKernels.slaneyHertz(24) / (1_000 * pow(6.4, 1.0 / 3)) - 1) < 1e-14)
}

@Test func slaneyFilterbankMatchesHandComputedWeights() {
    // 0–1000 Hz is 0–15 Slaney mels, so 4 bands have edges every 200 Hz and each triangle is scaled by
    // 2 / 400 Hz. Bins are 31.25 Hz apart: band 0 covers bins 1…12, band 3 bins 20…31.
    let parameters = FeatureParameters(
        melBands: 4, lowFrequency: 0, highFrequency: 1_000, cepstralCoefficients: 4, melScale: .slaney)
    let filters = FeatureKernels.melFilterbank(parameters)
    #expect(filters.map(\.start) == [1, 7, 13, 20])
    #expect(filters[0].weights.count == 12 && filters[3].weights.count == 12)
    let expected: [(offset: Int, weight: Double)] = [(0, 0.15625), (5, 0.9375), (6, 0.90625), (11, 0.125)]
    for (offset, weight) in expected {
        #expect(abs(Double(filters[0].weights[offset]) - weight / 200) < 1e-9, "bin \(offset + 1)")
    }
    #expect(abs(Double(filters[3].weights[11]) - 0.15625 / 200) < 1e-9)
}
