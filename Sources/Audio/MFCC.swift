import Foundation

// MARK: - MFCC

/// Streaming MFCC front end: feed samples in chunks of any size, get the frames they complete.
///
/// The output never depends on the chunking: `process` on any split of a signal followed by `flush()`
/// yields exactly the frames of `process(wholeSignal)` + `flush()`. `training/features.py` mirrors this
/// computation; the tests hold the two together.
///
/// Per frame (frame i covers pre-emphasised samples [i·shift, i·shift + length)):
/// window → zero-pad to `fftSize` → |FFT|² → triangular mel filterbank (HTK, or Slaney with area
/// normalisation) → ln(max(e, logFloor)) → orthonormal DCT-II (first `cepstralCoefficients` rows; skipped
/// for `.logMel`, which outputs the log-mel energies) → fixed normalisation.
/// `process` emits every frame that lies wholly inside the samples seen so far; `flush()` ends the
/// stream by emitting zero-padded frames until every sample is covered (a stream of N > 0 samples
/// therefore gives 1 + ⌈max(N − length, 0) / shift⌉ frames), then resets for a new stream.
public struct MFCC: Sendable {
    /// The parameters this front end computes.
    public let parameters: FeatureParameters
    private let kernels: FeatureKernels
    private var scratch: SpectrumScratch
    private var logMel: [Float]
    private var pending: [Float] = []
    private var readPosition = 0
    private var previousSample: Float = 0
    private var samplesSeen = 0
    private var framesEmitted = 0

    /// Creates a front end, precomputing window, twiddles, filterbank and (for `.dct`) the DCT matrix.
    /// - Throws: `AudioError.invalidParameter` when `parameters` fail validation.
    public init(parameters: FeatureParameters = FeatureParameters()) throws {
        try parameters.validate()
        self.parameters = parameters
        kernels = FeatureKernels(parameters)
        scratch = SpectrumScratch(fftSize: parameters.fftSize)
        logMel = [Float](repeating: 0, count: parameters.melBands)
    }

    /// Coefficients per output frame.
    public var coefficientCount: Int { parameters.cepstralCoefficients }

    /// Consumes the next `samples` of the stream and returns the frames they complete.
    public mutating func process(_ samples: [Float]) -> [[Float]] {
        guard !samples.isEmpty else { return [] }
        let coefficient = parameters.preEmphasis
        pending.reserveCapacity(pending.count + samples.count)
        var previous = previousSample
        for sample in samples {
            pending.append(sample - coefficient * previous)
            previous = sample
        }
        previousSample = previous
        samplesSeen += samples.count

        var frames: [[Float]] = []
        let length = parameters.frameLength, shift = parameters.frameShift
        while readPosition + length <= pending.count {
            let start = readPosition
            frames.append(pending.withUnsafeBufferPointer {
                kernels.frame(UnsafeBufferPointer(rebasing: $0[start..<start + length]), scratch: &scratch, logMel: &logMel)
            })
            readPosition += shift
            framesEmitted += 1
        }
        // Drop samples no future frame can reach.
        let consumed = min(readPosition, pending.count)
        if consumed > 0 {
            pending.removeFirst(consumed)
            readPosition -= consumed
        }
        return frames
    }

    /// Ends the stream: returns zero-padded frames covering the samples no frame has covered yet, then
    /// resets the front end for a new stream.
    public mutating func flush() -> [[Float]] {
        let length = parameters.frameLength, shift = parameters.frameShift
        var frames: [[Float]] = []
        func uncovered() -> Bool {
            framesEmitted == 0 ? samplesSeen > 0 : (framesEmitted - 1) * shift + length < samplesSeen
        }
        while uncovered() {
            var frame = [Float](repeating: 0, count: length)
            let start = readPosition
            if start < pending.count {
                let available = min(length, pending.count - start)
                frame.replaceSubrange(0..<available, with: pending[start..<start + available])
            }
            frames.append(frame.withUnsafeBufferPointer { kernels.frame($0, scratch: &scratch, logMel: &logMel) })
            readPosition += shift
            framesEmitted += 1
        }
        reset()
        return frames
    }

    /// Forgets the current stream without emitting anything.
    public mutating func reset() {
        pending.removeAll(keepingCapacity: true)
        readPosition = 0
        previousSample = 0
        samplesSeen = 0
        framesEmitted = 0
    }
}

// MARK: - Precomputed kernels

/// Window, FFT tables, sparse mel filterbank and DCT matrix for one `FeatureParameters`.
final class FeatureKernels: Sendable {
    let window: [Float]
    let fft: RealFFT
    /// First FFT bin of each mel filter and its non-zero weights.
    let filterStart: [Int]
    let filterWeights: [[Float]]
    /// Row-major `cepstralCoefficients × melBands` orthonormal DCT-II; nil for log-mel output.
    let dct: [Float]?
    let logFloor: Float
    let melBands: Int
    let coefficients: Int
    let normalizationOffset: [Float]?
    let normalizationScale: [Float]?

    init(_ parameters: FeatureParameters) {
        window = Self.window(parameters.window, length: parameters.frameLength)
        fft = RealFFT(size: parameters.fftSize)
        let filters = Self.melFilterbank(parameters)
        filterStart = filters.map(\.start)
        filterWeights = filters.map(\.weights)
        switch parameters.cepstrum {
        case .dct: dct = Self.dctMatrix(rows: parameters.cepstralCoefficients, columns: parameters.melBands)
        case .logMel: dct = nil
        }
        logFloor = parameters.logFloor
        melBands = parameters.melBands
        coefficients = parameters.cepstralCoefficients
        if case let .fixed(mean, standardDeviation) = parameters.normalization {
            normalizationOffset = mean
            normalizationScale = standardDeviation.map { 1 / $0 }
        } else {
            normalizationOffset = nil
            normalizationScale = nil
        }
    }

    /// Window of `length` points (the symmetric ones with denominator length − 1, the periodic Hann with
    /// denominator length), computed in Double.
    static func window(_ kind: FeatureParameters.Window, length: Int) -> [Float] {
        if kind == .periodicHann {
            return (0..<length).map { n in Float(0.5 - 0.5 * cos(2 * Double.pi * Double(n) / Double(length))) }
        }
        guard length > 1 else { return [1] }
        return (0..<length).map { n in
            let phase = cos(2 * Double.pi * Double(n) / Double(length - 1))
            return Float(kind == .hamming ? 0.54 - 0.46 * phase : 0.5 - 0.5 * phase)
        }
    }

    /// HTK mel scale: 2595 · log10(1 + f / 700).
    static func mel(_ hertz: Double) -> Double { 2595 * log10(1 + hertz / 700) }
    static func hertz(_ mel: Double) -> Double { 700 * (pow(10, mel / 2595) - 1) }

    /// ln of the Slaney scale's frequency ratio per mel above 1 kHz (6.4 every 27 mels).
    static let slaneyLogStep = log(6.4) / 27
    /// Slaney mel scale: f · 3 / 200 below 1 kHz, 15 + ln(f / 1000) / `slaneyLogStep` above.
    static func slaneyMel(_ hertz: Double) -> Double {
        hertz >= 1000 ? 15 + log(hertz / 1000) / slaneyLogStep : hertz * 3 / 200
    }
    static func slaneyHertz(_ mel: Double) -> Double {
        mel >= 15 ? 1000 * exp(slaneyLogStep * (mel - 15)) : mel * 200 / 3
    }

    /// Triangles with edges equally spaced on `p.melScale` between the low and high frequency, evaluated
    /// at the exact frequency of each FFT bin (k · rate / fftSize): peak 1 for HTK; for Slaney scaled by
    /// 2 / (right − left edge in Hz) to unit area, as librosa's `filters.mel(norm="slaney")`.
    static func melFilterbank(_ p: FeatureParameters) -> [(start: Int, weights: [Float])] {
        let toMel, toHertz: (Double) -> Double
        switch p.melScale {
        case .htk: (toMel, toHertz) = (mel, hertz)
        case .slaney: (toMel, toHertz) = (slaneyMel, slaneyHertz)
        }
        let low = toMel(Double(p.lowFrequency)), high = toMel(Double(p.highFrequency))
        let edges = (0...p.melBands + 1).map { toHertz(low + (high - low) * Double($0) / Double(p.melBands + 1)) }
        let binHertz = Double(p.sampleRate) / Double(p.fftSize)
        return (0..<p.melBands).map { band in
            let left = edges[band], center = edges[band + 1], right = edges[band + 2]
            let scale = p.melScale == .slaney ? 2 / (right - left) : 1
            var start = -1
            var weights: [Float] = []
            for bin in 0...p.fftSize / 2 {
                let frequency = Double(bin) * binHertz
                let weight = max(0, min((frequency - left) / (center - left), (right - frequency) / (right - center)))
                if weight > 0 {
                    if start < 0 { start = bin }
                    // Bins between first and last non-zero weight are contiguous for a triangle.
                    weights.append(Float(weight * scale))
                } else if start >= 0 {
                    break
                }
            }
            return (max(start, 0), weights)
        }
    }

    /// Orthonormal DCT-II: row k is s_k · cos(π k (2n + 1) / 2N), s_0 = √(1/N), s_k = √(2/N).
    static func dctMatrix(rows: Int, columns: Int) -> [Float] {
        var matrix = [Float](repeating: 0, count: rows * columns)
        for k in 0..<rows {
            let scale = k == 0 ? (1 / Double(columns)).squareRoot() : (2 / Double(columns)).squareRoot()
            for n in 0..<columns {
                matrix[k * columns + n] = Float(scale * cos(Double.pi * Double(k) * Double(2 * n + 1) / Double(2 * columns)))
            }
        }
        return matrix
    }

    /// The coefficients of one frame of `window.count` pre-emphasised samples.
    func frame(_ samples: UnsafeBufferPointer<Float>, scratch: inout SpectrumScratch, logMel: inout [Float]) -> [Float] {
        scratch.compute(samples, window: window, fft: fft)
        scratch.power.withUnsafeBufferPointer { power in
            logMel.withUnsafeMutableBufferPointer { logMel in
                for band in 0..<melBands {
                    let start = filterStart[band]
                    var energy: Float = 0
                    filterWeights[band].withUnsafeBufferPointer { weights in
                        for offset in 0..<weights.count { energy += weights[offset] * power[start + offset] }
                    }
                    logMel[band] = log(max(energy, logFloor))
                }
            }
        }
        var output: [Float]
        if let dct {
            output = [Float](repeating: 0, count: coefficients)
            dct.withUnsafeBufferPointer { dct in
                logMel.withUnsafeBufferPointer { logMel in
                    for k in 0..<coefficients {
                        var sum: Float = 0
                        for n in 0..<melBands { sum += dct[k * melBands + n] * logMel[n] }
                        output[k] = sum
                    }
                }
            }
        } else {
            output = logMel
        }
        if let normalizationOffset, let normalizationScale {
            for k in 0..<coefficients { output[k] = (output[k] - normalizationOffset[k]) * normalizationScale[k] }
        }
        return output
    }
}
