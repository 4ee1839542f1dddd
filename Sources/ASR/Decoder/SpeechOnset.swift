import Foundation

/// Where speech starts in a whole recording: the quiet stretch a recording brings before its first
/// word decides whether the decoder adds room tone of its own (`RoomTone`).
///
/// The recording is cut into 10 ms frames; the onset is the start of the first frame whose energy
/// reaches halfway, in decibels, from the recording's quiet floor (its 10th-percentile frame) to its
/// loudest frame. Halfway in decibels holds in silence and in steady background noise alike: a clean
/// recording's floor is far below its speech, a noisy one's floor is the noise.
enum SpeechOnset {
    /// Seconds before the onset (0 for a recording that starts in speech or is shorter than a frame).
    static func seconds(in samples: [Float], sampleRate: Int) -> Double {
        let frameLength = max(sampleRate / 100, 1)
        let frames = samples.count / frameLength
        guard frames > 1 else { return 0 }
        var energies = [Float](repeating: 0, count: frames)
        samples.withUnsafeBufferPointer { buffer in
            for frame in 0..<frames {
                var sum: Float = 0
                for sample in buffer[frame * frameLength..<(frame + 1) * frameLength] { sum += sample * sample }
                energies[frame] = 10 * log10f(sum / Float(frameLength) + 1e-10)
            }
        }
        let sorted = energies.sorted()
        let floor = sorted[frames / 10], peak = sorted[frames - 1]
        let onset = energies.firstIndex { $0 >= (floor + peak) / 2 } ?? 0
        return Double(onset * frameLength) / Double(sampleRate)
    }
}
