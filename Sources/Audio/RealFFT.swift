import Foundation

// MARK: - RealFFT

/// Power spectrum of real frames by radix-2 FFT, with everything precomputed at init.
///
/// An N-point real transform runs as one N/2-point complex FFT (iterative, decimation in time, bit
/// reversal and twiddles from tables) followed by the standard split step that separates the even and
/// odd halves. `referencePowerSpectrum` is the direct O(N²) DFT in Double that the tests hold it to.
struct RealFFT: Sendable {
    /// Transform length N (a power of two ≥ 2).
    let size: Int
    private let half: Int
    /// Bit-reversed index of each of the N/2 complex points.
    private let bitReversal: [Int32]
    /// exp(−2πi·k/(N/2)) for k < N/4 (complex stage twiddles).
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
        let quarter = max(half / 2, 1)
        stageCos = (0..<quarter).map { Float(cos(-2 * Double.pi * Double($0) / Double(half))) }
        stageSin = (0..<quarter).map { Float(sin(-2 * Double.pi * Double($0) / Double(half))) }
        splitCos = (0...half).map { Float(cos(-2 * Double.pi * Double($0) / Double(size))) }
        splitSin = (0...half).map { Float(sin(-2 * Double.pi * Double($0) / Double(size))) }
    }

    /// Writes |X[k]|² for k = 0…N/2 of the real signal `input` (N values) into `power` (N/2 + 1 values).
    /// `re` and `im` are N/2-value scratch buffers.
    func powerSpectrum(
        _ input: UnsafeBufferPointer<Float>, into power: UnsafeMutableBufferPointer<Float>,
        re: UnsafeMutableBufferPointer<Float>, im: UnsafeMutableBufferPointer<Float>
    ) {
        let half = self.half
        // Pack even samples as real parts and odd samples as imaginary parts, in bit-reversed order.
        bitReversal.withUnsafeBufferPointer { reversal in
            for index in 0..<half {
                let target = Int(reversal[index])
                re[target] = input[2 * index]
                im[target] = input[2 * index + 1]
            }
        }
        // Iterative radix-2 butterflies on the N/2-point complex sequence.
        stageCos.withUnsafeBufferPointer { wr in
            stageSin.withUnsafeBufferPointer { wi in
                var span = 1
                while span < half {
                    let stride = half / (2 * span)
                    var start = 0
                    while start < half {
                        for offset in 0..<span {
                            let cosine = wr[offset * stride], sine = wi[offset * stride]
                            let top = start + offset, bottom = top + span
                            let productRe = re[bottom] * cosine - im[bottom] * sine
                            let productIm = re[bottom] * sine + im[bottom] * cosine
                            re[bottom] = re[top] - productRe
                            im[bottom] = im[top] - productIm
                            re[top] += productRe
                            im[top] += productIm
                        }
                        start += 2 * span
                    }
                    span *= 2
                }
            }
        }
        // Split step: X[k] = E[k] + W^k O[k] with E, O from Z[k] and conj(Z[N/2 − k]).
        splitCos.withUnsafeBufferPointer { wr in
            splitSin.withUnsafeBufferPointer { wi in
                for k in 0...half {
                    let a = re[k % half], b = im[k % half]
                    let c = re[(half - k) % half], d = im[(half - k) % half]
                    let evenRe = (a + c) * 0.5, evenIm = (b - d) * 0.5
                    let oddRe = (b + d) * 0.5, oddIm = (c - a) * 0.5
                    let xRe = evenRe + wr[k] * oddRe - wi[k] * oddIm
                    let xIm = evenIm + wr[k] * oddIm + wi[k] * oddRe
                    power[k] = xRe * xRe + xIm * xIm
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
