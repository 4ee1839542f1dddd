import Foundation

// MARK: - Configuration

/// Settings of `VoiceActivityDetector`; times in milliseconds or seconds, levels in dB.
///
/// Levels are speech-band energies: 10·log10 Σ|X_k|² over 300–3400 Hz of a Hamming-windowed 20 ms frame
/// of samples in [-1, 1] (a full-scale 1 kHz sine is about +41 dB, 16-bit quantisation noise about −60 dB).
public struct VADConfiguration: Sendable, Equatable, Codable {
    /// Silence after the last speech frame that ends an utterance (the hangover).
    public var trailingSilenceMs: Int
    /// Utterances spanning less than this (first to last speech frame) are discarded as clicks.
    public var minimumSpeechMs: Int
    /// An utterance is cut here even while speech continues; the next one starts with the next onset.
    public var maximumUtteranceSeconds: Double
    /// Consecutive speech frames needed before an utterance can begin.
    public var onsetMs: Int
    /// A frame is speech when its energy is this far above the noise floor (and spectrally speech-like).
    public var thresholdDB: Float
    /// Above the floor by this much a frame counts as speech whatever its spectral flatness.
    public var strongThresholdDB: Float
    /// Frames flatter than this (geometric/arithmetic mean of the 300–4000 Hz power spectrum; white noise
    /// ≈ 0.56, voiced speech ≈ 0.1–0.3) need `strongThresholdDB` to count as speech.
    public var maximumFlatness: Float
    /// Frames quieter than this are never speech.
    public var minimumEnergyDB: Float
    /// Frames quieter than this are digital silence and do not teach the noise floor.
    public var digitalSilenceDB: Float
    /// The noise floor is the minimum smoothed energy over this trailing window.
    public var noiseWindowSeconds: Double

    /// Creates a configuration; the defaults suit a voice command hub (300 ms trailing silence).
    public init(
        trailingSilenceMs: Int = 300, minimumSpeechMs: Int = 150, maximumUtteranceSeconds: Double = 10,
        onsetMs: Int = 30, thresholdDB: Float = 9, strongThresholdDB: Float = 20, maximumFlatness: Float = 0.5,
        minimumEnergyDB: Float = -55, digitalSilenceDB: Float = -65, noiseWindowSeconds: Double = 2
    ) {
        self.trailingSilenceMs = trailingSilenceMs
        self.minimumSpeechMs = minimumSpeechMs
        self.maximumUtteranceSeconds = maximumUtteranceSeconds
        self.onsetMs = onsetMs
        self.thresholdDB = thresholdDB
        self.strongThresholdDB = strongThresholdDB
        self.maximumFlatness = maximumFlatness
        self.minimumEnergyDB = minimumEnergyDB
        self.digitalSilenceDB = digitalSilenceDB
        self.noiseWindowSeconds = noiseWindowSeconds
    }

    /// Checks that every duration is usable.
    /// - Throws: `AudioError.invalidParameter` naming the first bad field.
    public func validate() throws {
        func fail(_ name: String, _ value: Any) -> AudioError {
            .invalidParameter(name: name, reason: "\(value) must be positive")
        }
        guard trailingSilenceMs > 0 else { throw fail("trailing silence (ms)", trailingSilenceMs) }
        guard minimumSpeechMs > 0 else { throw fail("minimum speech (ms)", minimumSpeechMs) }
        guard onsetMs > 0 else { throw fail("onset (ms)", onsetMs) }
        guard maximumUtteranceSeconds > 0 else { throw fail("maximum utterance (s)", maximumUtteranceSeconds) }
        guard noiseWindowSeconds > 0 else { throw fail("noise window (s)", noiseWindowSeconds) }
        guard maximumUtteranceSeconds * 1_000 >= Double(minimumSpeechMs) else {
            throw AudioError.invalidParameter(
                name: "maximum utterance (s)",
                reason: "\(maximumUtteranceSeconds) s is shorter than the minimum speech of \(minimumSpeechMs) ms")
        }
    }
}

// MARK: - Results

/// One utterance in a 16 kHz stream, in samples from the start of the stream.
public struct SpeechSegment: Sendable, Equatable, Codable {
    /// First sample of the utterance.
    public var startSample: Int
    /// One past the last sample of the utterance.
    public var endSample: Int

    /// Creates a segment from sample positions.
    public init(startSample: Int, endSample: Int) {
        self.startSample = startSample
        self.endSample = endSample
    }

    /// Start time in seconds.
    public var start: Double { Double(startSample) / Double(AudioFormat.sampleRate) }
    /// End time in seconds.
    public var end: Double { Double(endSample) / Double(AudioFormat.sampleRate) }
    /// Length in seconds.
    public var duration: Double { end - start }
}

/// What the streaming detector reports as the stream goes by.
public enum VADEvent: Sendable, Equatable {
    /// An utterance was confirmed; it began at this sample (earlier than now).
    case speechStarted(atSample: Int)
    /// The utterance ended: after the trailing silence, at the maximum length, or at `flush()`.
    case speechEnded(SpeechSegment)
}

// MARK: - Detector

/// Streaming voice activity detector and endpointer for 16 kHz mono samples.
///
/// Every 10 ms it analyses a 20 ms Hamming-windowed frame: speech-band (300–3400 Hz) energy and spectral
/// flatness (300–4000 Hz). The noise floor is the minimum of the smoothed energy over the last
/// `noiseWindowSeconds` (digital silence excluded), so it follows stationary noise up and down. A frame
/// is speech when it is `thresholdDB` above the floor, above `minimumEnergyDB`, and either not noise-flat
/// or `strongThresholdDB` above the floor. An utterance begins with `onsetMs` of consecutive speech
/// frames, survives gaps shorter than `trailingSilenceMs` (hangover), is kept if it spans at least
/// `minimumSpeechMs`, and is cut at `maximumUtteranceSeconds`. Segments run from the first to the end of
/// the last speech frame.
///
/// Results never depend on how the stream is chunked. The detector learns the floor from what it hears,
/// so speech in the very first frames of a stream (before any background) can be missed.
public struct VoiceActivityDetector: Sendable {
    /// The settings in use.
    public let config: VADConfiguration

    static let frameLength = 320
    static let frameShift = 160
    private static let kernels = VADKernels()

    private let trailingFrames: Int
    private let minimumSpeechFrames: Int
    private let onsetFrames: Int
    private let maximumFrames: Int
    private let noiseWindowFrames: Int

    private var pending: [Float] = []
    private var scratch = SpectrumScratch(fftSize: VADKernels.fftSize)
    private var frameIndex = 0
    private var smoothedEnergy: Float?
    private var history: [Float] = []
    private var historyNext = 0

    private enum State: Sendable {
        case idle(run: Int)
        case tentative(start: Int, lastSpeech: Int)
        case speaking(start: Int, lastSpeech: Int)
    }
    private var state = State.idle(run: 0)

    /// Creates a detector.
    /// - Throws: `AudioError.invalidParameter` when `config` fails validation.
    public init(config: VADConfiguration = VADConfiguration()) throws {
        try config.validate()
        self.config = config
        let framesPerSecond = Double(AudioFormat.sampleRate / Self.frameShift)
        func frames(ms: Int) -> Int { max(1, Int((Double(ms) * framesPerSecond / 1_000).rounded())) }
        trailingFrames = frames(ms: config.trailingSilenceMs)
        minimumSpeechFrames = frames(ms: config.minimumSpeechMs)
        onsetFrames = frames(ms: config.onsetMs)
        maximumFrames = max(1, Int((config.maximumUtteranceSeconds * framesPerSecond).rounded()))
        noiseWindowFrames = max(1, Int((config.noiseWindowSeconds * framesPerSecond).rounded()))
    }

    /// Whether an utterance has been confirmed and not yet ended.
    public var isSpeaking: Bool {
        if case .speaking = state { return true }
        return false
    }

    /// Consumes the next samples of the stream and reports utterances that started or ended.
    public mutating func process(_ samples: [Float]) -> [VADEvent] {
        pending.append(contentsOf: samples)
        var events: [VADEvent] = []
        var offset = 0
        while offset + Self.frameLength <= pending.count {
            let start = offset
            let analysis = pending.withUnsafeBufferPointer {
                Self.kernels.analyse(UnsafeBufferPointer(rebasing: $0[start..<start + Self.frameLength]), scratch: &scratch)
            }
            step(analysis, events: &events)
            offset += Self.frameShift
        }
        pending.removeFirst(offset)
        return events
    }

    /// Ends the stream: closes an utterance in progress, then resets for a new stream.
    public mutating func flush() -> [VADEvent] {
        var events: [VADEvent] = []
        switch state {
        case let .speaking(start, lastSpeech):
            events.append(.speechEnded(segment(start, lastSpeech)))
        case let .tentative(start, lastSpeech) where lastSpeech - start + 1 >= minimumSpeechFrames:
            events.append(.speechStarted(atSample: start * Self.frameShift))
            events.append(.speechEnded(segment(start, lastSpeech)))
        default:
            break
        }
        reset()
        return events
    }

    /// Forgets the stream, its noise floor included.
    public mutating func reset() {
        pending.removeAll(keepingCapacity: true)
        frameIndex = 0
        smoothedEnergy = nil
        history.removeAll(keepingCapacity: true)
        historyNext = 0
        state = .idle(run: 0)
    }

    /// The utterances in a whole signal (a fresh stream: the detector's own state is not touched).
    public func segments(in samples: [Float]) -> [SpeechSegment] {
        var detector = self
        detector.reset()
        return (detector.process(samples) + detector.flush()).compactMap {
            if case let .speechEnded(segment) = $0 { return segment }
            return nil
        }
    }

    private func segment(_ start: Int, _ lastSpeech: Int) -> SpeechSegment {
        SpeechSegment(startSample: start * Self.frameShift, endSample: lastSpeech * Self.frameShift + Self.frameLength)
    }

    /// Noise-floor update and the endpointing state machine for one frame.
    private mutating func step(_ frame: VADKernels.Analysis, events: inout [VADEvent]) {
        let index = frameIndex
        frameIndex += 1
        if frame.energyDB > config.digitalSilenceDB {
            let smoothed = smoothedEnergy.map { 0.7 * $0 + 0.3 * frame.energyDB } ?? frame.energyDB
            smoothedEnergy = smoothed
            if history.count < noiseWindowFrames {
                history.append(smoothed)
            } else {
                history[historyNext] = smoothed
                historyNext = (historyNext + 1) % noiseWindowFrames
            }
        }
        let floor = history.min() ?? frame.energyDB
        let above = frame.energyDB - floor
        let speech = frame.energyDB > config.minimumEnergyDB && above > config.thresholdDB
            && (frame.flatness < config.maximumFlatness || above > config.strongThresholdDB)

        switch state {
        case let .idle(run):
            let run = speech ? run + 1 : 0
            state = run >= onsetFrames ? .tentative(start: index - run + 1, lastSpeech: index) : .idle(run: run)
            if case let .tentative(start, lastSpeech) = state, lastSpeech - start + 1 >= minimumSpeechFrames {
                state = .speaking(start: start, lastSpeech: lastSpeech)
                events.append(.speechStarted(atSample: start * Self.frameShift))
            }
        case let .tentative(start, lastSpeech):
            let last = speech ? index : lastSpeech
            if index - last >= trailingFrames {
                state = .idle(run: 0)
            } else if last - start + 1 >= minimumSpeechFrames {
                state = .speaking(start: start, lastSpeech: last)
                events.append(.speechStarted(atSample: start * Self.frameShift))
            } else {
                state = .tentative(start: start, lastSpeech: last)
            }
        case let .speaking(start, lastSpeech):
            let last = speech ? index : lastSpeech
            if index - last >= trailingFrames {
                events.append(.speechEnded(segment(start, last)))
                state = .idle(run: 0)
            } else if index - start + 1 >= maximumFrames {
                // Cut at this frame's hop so the next utterance, starting at the next frame, cannot overlap.
                events.append(.speechEnded(SpeechSegment(
                    startSample: start * Self.frameShift, endSample: (index + 1) * Self.frameShift)))
                state = .idle(run: 0)
            } else {
                state = .speaking(start: start, lastSpeech: last)
            }
        }
    }
}

// MARK: - Frame analysis

/// Window, FFT and band limits for the detector's 20 ms frames.
struct VADKernels: Sendable {
    struct Analysis {
        /// Speech-band energy in dB.
        var energyDB: Float
        /// Spectral flatness in 0…1.
        var flatness: Float
    }

    let window = FeatureKernels.window(.hamming, length: VoiceActivityDetector.frameLength)
    static let fftSize = 512
    let fft = RealFFT(size: fftSize)
    /// FFT bins of 300–3400 Hz (energy) and 300–4000 Hz (flatness) at 31.25 Hz per bin.
    let energyBins = 10...108
    let flatnessBins = 10...128

    func analyse(_ samples: UnsafeBufferPointer<Float>, scratch: inout SpectrumScratch) -> Analysis {
        scratch.compute(samples, window: window, fft: fft)
        return scratch.power.withUnsafeBufferPointer { power in
            var energy: Float = 0
            for bin in energyBins { energy += power[bin] }
            var logSum: Float = 0, sum: Float = 0
            for bin in flatnessBins {
                let value = power[bin] + 1e-12
                logSum += log(value)
                sum += value
            }
            let count = Float(flatnessBins.count)
            return Analysis(energyDB: 10 * log10(energy + 1e-10), flatness: exp(logSum / count) / (sum / count))
        }
    }
}
