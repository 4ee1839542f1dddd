import Foundation
import Testing
@testable import Audio

private func resample(_ samples: [Float], from rate: Int, chunk: Int) throws -> [Float] {
    let resampler = try Resampler(inputRate: rate)
    var output: [Float] = []
    var start = 0
    while start < samples.count {
        let end = min(start + chunk, samples.count)
        output += try resampler.process(Array(samples[start..<end]))
        start = end
    }
    return output + (try resampler.flush())
}

@Test(arguments: [8_000, 22_050, 44_100, 48_000, 96_000])
func resamplerKeepsLengthAndTone(rate: Int) throws {
    let seconds = 1.0
    let input = TestSupport.sine(frequency: 1_000, rate: rate, count: Int(Double(rate) * seconds))
    let output = try resample(input, from: rate, chunk: 4_096)
    #expect(abs(output.count - 16_000) <= 2, "\(rate) Hz → \(output.count) samples")
    // Away from the edges the output is the same 1 kHz sine at 16 kHz.
    let expected = TestSupport.sine(frequency: 1_000, rate: 16_000, count: output.count)
    let middle = 1_000..<15_000
    let error = zip(output[middle], expected[middle]).map { abs($0 - $1) }.max()!
    #expect(error < 2e-3, "\(rate) Hz: max deviation \(error)")
}

@Test(arguments: [1, 10, 441, 1_000, 4_410, 44_100])
func resamplerOutputDoesNotDependOnChunkSize(chunk: Int) throws {
    let input = try TestSupport.readS16LE(TestSupport.data("reference-audio/goforward.raw"))
    // Treat the 16 kHz recording as 44.1 kHz material: any real signal does for a consistency check.
    let whole = try resample(input, from: 44_100, chunk: input.count)
    let chunked = try resample(input, from: 44_100, chunk: chunk)
    #expect(chunked.count == whole.count)
    let error = zip(chunked, whole).map { abs($0 - $1) }.max() ?? 0
    #expect(error < 1e-5, "chunk \(chunk): max deviation \(error)")
}

@Test func resamplerRejectsImpossibleRatios() {
    #expect(throws: AudioError.self) { try Resampler(inputRate: 0) }
    #expect(throws: AudioError.self) { try Resampler(inputRate: 16_000 * 300) }
}
