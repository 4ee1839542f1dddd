import CKernels
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

/// The dispatched kernel (AVX2 where the CPU has it) and the portable one against the transform written
/// out in Swift, bit for bit: float multiplies, adds and subtracts in the documented order.
@Test(arguments: [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024])
func fftKernelsEqualWrittenTransform(size: Int) {
    var generator = SplitMix64(seed: UInt64(size))
    let fft = RealFFT(size: size)
    for round in 0..<20 {
        let scale = [1e-6, 1, 3e4][round % 3]
        let input = (0..<size).map { _ in Float(scale * (Double(generator.next() % 2_000_001) / 1_000_000 - 1)) }
        func spectrum(portable: Bool) -> [Float] {
            var power = [Float](repeating: 0, count: size / 2 + 1)
            var re = [Float](repeating: 0, count: size / 2), im = re
            input.withUnsafeBufferPointer { x in
                power.withUnsafeMutableBufferPointer { p in
                    re.withUnsafeMutableBufferPointer { r in
                        im.withUnsafeMutableBufferPointer { i in
                            fft.powerSpectrum(x, into: p, re: r, im: i, portable: portable)
                        }
                    }
                }
            }
            return power
        }
        let written = writtenPowerSpectrum(input)
        #expect(spectrum(portable: true) == written, "size \(size)")
        #expect(spectrum(portable: false) == written, "size \(size) via \(String(cString: hub_fft_impl()))")
    }
}

/// The real FFT step by step: bit-reversed packing, radix-2 butterflies with twiddles exp(−2πi·j/(2·span))
/// rounded from Double, then the split step.
private func writtenPowerSpectrum(_ input: [Float]) -> [Float] {
    let half = input.count / 2, bits = half.trailingZeroBitCount
    var re = [Float](repeating: 0, count: half), im = re
    for index in 0..<half {
        var reversed = 0
        for bit in 0..<bits where index & (1 << bit) != 0 { reversed |= 1 << (bits - 1 - bit) }
        re[reversed] = input[2 * index]
        im[reversed] = input[2 * index + 1]
    }
    var span = 1
    while span < half {
        for start in stride(from: 0, to: half, by: 2 * span) {
            for offset in 0..<span {
                let angle = -Double.pi * Double(offset) / Double(span)
                let cosine = Float(cos(angle)), sine = Float(sin(angle))
                let top = start + offset, bottom = top + span
                let productRe: Float = re[bottom] * cosine - im[bottom] * sine
                let productIm: Float = re[bottom] * sine + im[bottom] * cosine
                re[bottom] = re[top] - productRe
                im[bottom] = im[top] - productIm
                re[top] += productRe
                im[top] += productIm
            }
        }
        span *= 2
    }
    return (0...half).map { k in
        let angle = -2 * Double.pi * Double(k) / Double(input.count)
        let wr = Float(cos(angle)), wi = Float(sin(angle))
        let a = re[k % half], b = im[k % half], c = re[(half - k) % half], d = im[(half - k) % half]
        let evenRe: Float = (a + c) * 0.5, evenIm: Float = (b - d) * 0.5
        let oddRe: Float = (b + d) * 0.5, oddIm: Float = (c - a) * 0.5
        let xRe: Float = evenRe + wr * oddRe - wi * oddIm
        let xIm: Float = evenIm + wr * oddIm + wi * oddRe
        return xRe * xRe + xIm * xIm
    }
}
