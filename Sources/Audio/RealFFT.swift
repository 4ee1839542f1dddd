import CKernels
import Foundation

// MARK: - RealFFT

/// Power spectrum of real frames by radix-2 FFT, with everything precomputed at init.
///
/// An N-point real transform runs as one N/2-point complex FFT (iterative, decimation in time, bit
/// reversal and twiddles from tables) followed by the standard split step that separates the even and
/// odd halves, in the C kernel `hub_fft_power` (AVX2 where the CPU has it, the same bits either way).
/// `referencePowerSpectrum` is the direct O(N²) DFT in Double that the tests hold it to.
struct RealFFT: Sendable {
    /// Transform length N (a power of two ≥ 2).
    let size: Int
    private let half: Int
    /// Bit-reversed index of each of the N/2 complex points.
    private let bitReversal: [Int32]
    /// Each stage's twiddles in turn: for butterflies `span` apart, exp(−2πi·j/(2·span)) for j < span
    /// at `span − 1 + j` (N/2 − 1 values).
    private let stageCos: [Float]
    private let stageSin: [Float]
    /// exp(−2πi·k/N) for k ≤ N/2 (split-step twiddles).
    private let splitCos: [Float]
    private let splitSin: [Float]

    init(size: Int) {
        precondition(size >= 2 && size & (size - 1) == 0, "FFT size \(size) is not a power of two ≥ 2")
        let half = size / 2
        self.size = size
        self.half = half
        let bits = half.trailingZeroBitCount
        bitReversal = (0..<half).map { index in
            var reversed = 0
            for bit in 0..<bits where index & (1 << bit) != 0 { reversed |= 1 << (bits - 1 - bit) }
            return Int32(reversed)
        }
        let spans = sequence(first: 1) { $0 * 2 }.prefix { $0 < half }
        let angles = spans.flatMap { span in (0..<span).map { -Double.pi * Double($0) / Double(span) } }
        stageCos = angles.map { Float(cos($0)) }
        stageSin = angles.map { Float(sin($0)) }
        splitCos = (0...half).map { Float(cos(-2 * Double.pi * Double($0) / Double(size))) }
        splitSin = (0...half).map { Float(sin(-2 * Double.pi * Double($0) / Double(size))) }
    }

    /// Writes |X[k]|² for k = 0…N/2 of the real signal `input` (N values) into `power` (N/2 + 1 values).
    /// `re` and `im` are N/2-value scratch buffers. `portable` runs the kernel's plain-C reference.
    func powerSpectrum(
        _ input: UnsafeBufferPointer<Float>, into power: UnsafeMutableBufferPointer<Float>,
        re: UnsafeMutableBufferPointer<Float>, im: UnsafeMutableBufferPointer<Float>, portable: Bool = false
    ) {
        let kernel = portable ? hub_fft_power_ref : hub_fft_power
        precondition(input.count >= size && power.count > half && re.count >= half && im.count >= half)
        bitReversal.withUnsafeBufferPointer { reversal in
            stageCos.withUnsafeBufferPointer { stageCos in
                stageSin.withUnsafeBufferPointer { stageSin in
                    splitCos.withUnsafeBufferPointer { splitCos in
                        splitSin.withUnsafeBufferPointer { splitSin in
                            kernel(input.baseAddress, Int32(half), reversal.baseAddress, stageCos.baseAddress,
                                   stageSin.baseAddress, splitCos.baseAddress, splitSin.baseAddress,
                                   re.baseAddress, im.baseAddress, power.baseAddress)
                        }
                    }
                }
            }
        }
    }

    /// Scalar reference: |X[k]|² for k = 0…N/2 by the direct DFT in Double.
    static func referencePowerSpectrum(_ input: [Float]) -> [Double] {
        let count = input.count
        return (0...count / 2).map { k in
            var sumRe = 0.0, sumIm = 0.0
            for (n, value) in input.enumerated() {
                let angle = -2 * Double.pi * Double((k * n) % count) / Double(count)
                sumRe += Double(value) * cos(angle)
                sumIm += Double(value) * sin(angle)
            }
            return sumRe * sumRe + sumIm * sumIm
        }
    }
}

// MARK: - Windowed power spectrum

/// Reusable buffers for windowed power spectra, so per-frame work allocates nothing.
struct SpectrumScratch: Sendable {
    private var windowed: [Float]
    private var re: [Float]
    private var im: [Float]
    /// |X[k]|² for k = 0…N/2 of the last frame passed to `compute`.
    private(set) var power: [Float]

    init(fftSize: Int) {
        windowed = [Float](repeating: 0, count: fftSize)
        re = [Float](repeating: 0, count: fftSize / 2)
        im = re
        power = [Float](repeating: 0, count: fftSize / 2 + 1)
    }

    /// Multiplies `samples` by `window`, zero-pads to the FFT size and fills `power`.
    mutating func compute(_ samples: UnsafeBufferPointer<Float>, window: [Float], fft: RealFFT) {
        windowed.withUnsafeMutableBufferPointer { windowed in
            window.withUnsafeBufferPointer { window in
                for index in 0..<window.count { windowed[index] = samples[index] * window[index] }
            }
        }
        windowed.withUnsafeBufferPointer { input in
            power.withUnsafeMutableBufferPointer { power in
                re.withUnsafeMutableBufferPointer { re in
                    im.withUnsafeMutableBufferPointer { im in fft.powerSpectrum(input, into: power, re: re, im: im) }
                }
            }
        }
    }
}
