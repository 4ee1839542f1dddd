import Foundation
import Testing
@testable import Audio

/// The radix-2 power spectrum against the direct-DFT reference, at every power of two to 1024.
@Test(arguments: [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024])
func fftMatchesReferenceDFT(size: Int) {
    var generator = SystemRandomNumberGenerator()
    let input = (0..<size).map { _ in Float.random(in: -1...1, using: &generator) }
    let fft = RealFFT(size: size)
    var power = [Float](repeating: 0, count: size / 2 + 1)
    var re = [Float](repeating: 0, count: size / 2)
    var im = [Float](repeating: 0, count: size / 2)
    input.withUnsafeBufferPointer { input in
        power.withUnsafeMutableBufferPointer { power in
            re.withUnsafeMutableBufferPointer { re in
                im.withUnsafeMutableBufferPointer { im in fft.powerSpectrum(input, into: power, re: re, im: im) }
            }
        }
    }
    let reference = RealFFT.referencePowerSpectrum(input)
    // Float32 butterflies: error scales with the largest bin, not each bin.
    let scale = reference.max()!
    let worst = zip(power, reference).map { abs(Double($0) - $1) / scale }.max()!
    #expect(worst < 1e-5, "size \(size): worst relative error \(worst)")
}

@Test func fftOfImpulseIsFlatAndOfCosineIsOneBin() {
    let size = 64
    var impulse = [Float](repeating: 0, count: size)
    impulse[0] = 1
    let cosine = (0..<size).map { Float(cos(2 * Double.pi * 5 * Double($0) / Double(size))) }
    let fft = RealFFT(size: size)
    func spectrum(_ x: [Float]) -> [Float] {
        var power = [Float](repeating: 0, count: size / 2 + 1)
        var re = [Float](repeating: 0, count: size / 2), im = re
        x.withUnsafeBufferPointer { x in
            power.withUnsafeMutableBufferPointer { p in
                re.withUnsafeMutableBufferPointer { r in im.withUnsafeMutableBufferPointer { i in fft.powerSpectrum(x, into: p, re: r, im: i) } }
            }
        }
        return power
    }
    #expect(spectrum(impulse).allSatisfy { abs($0 - 1) < 1e-6 })
    let cosineSpectrum = spectrum(cosine)
    // A unit cosine on bin 5 of 64 points: |X[5]| = 32.
    #expect(abs(cosineSpectrum[5] - 1024) < 1e-2)
    #expect(cosineSpectrum.enumerated().filter { $0.offset != 5 }.allSatisfy { $0.element < 1e-6 })
}
