import Audio
import Foundation
import Testing
@testable import ASR

/// Mean power of `samples` at `hertz` (a single-bin DFT over the whole signal).
private func power(_ samples: [Float], at hertz: Double) -> Double {
    let step = 2 * Double.pi * hertz / Double(AudioFormat.sampleRate)
    var (re, im) = (0.0, 0.0)
    for (n, x) in samples.enumerated() {
        re += Double(x) * cos(step * Double(n))
        im -= Double(x) * sin(step * Double(n))
    }
    return (re * re + im * im) / Double(samples.count)
}

/// Average power over `bins` frequencies (white noise varies a lot from one bin to the next).
private func bandPower(_ samples: [Float], _ bins: [Double]) -> Double {
    bins.map { power(samples, at: $0) }.reduce(0, +) / Double(bins.count)
}

@Test func roomToneAtTheHubsRateIsFullBand() {
    let tone = RoomTone.samples(seconds: 0.3, sourceRate: 16_000)
    #expect(tone.count == 4_800)
    let low = bandPower(tone, Array(stride(from: 500.0, through: 3_500, by: 250)))
    let high = bandPower(tone, Array(stride(from: 4_500.0, through: 7_500, by: 250)))
    #expect(high > 0.5 * low && high < 2 * low, "low \(low), high \(high)")
    #expect(RoomTone.samples(seconds: 0.3, sourceRate: 44_100) == tone)
}

@Test(arguments: [8_000, 11_025])
func roomToneOfANarrowbandRecordingStopsAtItsNyquist(sourceRate: Int) {
    let tone = RoomTone.samples(seconds: 0.3, sourceRate: sourceRate)
    #expect(tone.count == 4_800)
    let nyquist = Double(sourceRate) / 2
    let inBand = bandPower(tone, Array(stride(from: 500.0, through: nyquist - 800, by: 250)))
    let above = bandPower(tone, Array(stride(from: nyquist + 500, through: 7_500, by: 250)))
    let fullBand = bandPower(RoomTone.samples(seconds: 0.3, sourceRate: 16_000), Array(stride(from: 500.0, through: nyquist - 800, by: 250)))
    #expect(above < 1e-3 * inBand, "in band \(inBand), above \(above)")
    #expect(inBand > 0.5 * fullBand && inBand < 2 * fullBand, "the same level in band: \(inBand) vs \(fullBand)")
}
