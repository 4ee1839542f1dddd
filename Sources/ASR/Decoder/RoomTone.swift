import Audio

/// Quiet room tone around the utterances the recognizer decodes: after every one, and before those
/// that start with speech.
///
/// White noise at about −65 dBFS, the level of the silence that leads and trails every training
/// utterance, from a fixed seed so that recognition stays deterministic. A recording cut tight around
/// the word gets the silence the model expects on both sides.
///
/// The tone has the recording's bandwidth: for a recording made below the hub's rate (an 8 kHz phone
/// or headset file), it is made at that rate and converted like the recording, so the band above the
/// recording's Nyquist stays as empty in the room tone as in the speech, as in training's 8 kHz round
/// trips. Full-band tone before band-limited speech reads as a change of microphone and costs about
/// five points of digit accuracy.
enum RoomTone {
    /// 0.3 s that prime a fresh stream before the first real sample.
    static let leadInSeconds = 0.3
    /// A whole recording whose speech starts this late or later brings its own lead-in and gets none
    /// (`SpeechRecognizer.recognize(samples:sourceRate:)`). Chosen on held-out synthetic voices, clean and
    /// at 10 dB SNR, as recorded and cut tight, at 16 and 8 kHz: 0.1–0.2 s beat always priming.
    static let ownLeadSeconds = 0.2
    /// 0.15 s after the last real sample: the model emits a phoneme a few steps after hearing it.
    static let leadOutSeconds = 0.15
    /// Peak amplitude of the uniform noise (RMS ≈ 5.8e-4).
    static let amplitude: Float = 1e-3

    /// `seconds` of room tone at the hub's rate, band-limited to a recording made at `sourceRate`
    /// (full band for a rate libsamplerate cannot convert from; files never have one).
    static func samples(seconds: Double, sourceRate: Int) -> [Float] {
        let count = Int(seconds * Double(AudioFormat.sampleRate))
        var noise = SeededNoise()
        guard sourceRate < AudioFormat.sampleRate,
              let resampler = try? Resampler(inputRate: sourceRate, outputRate: AudioFormat.sampleRate)
        else {
            return (0..<count).map { _ in noise.next() * 2 * amplitude }
        }
        let source = (0..<Int(seconds * Double(sourceRate)) + 1).map { _ in noise.next() * 2 * amplitude }
        var converted = (try? resampler.process(source)) ?? []
        converted += (try? resampler.flush()) ?? []
        return Array((converted + [Float](repeating: 0, count: max(count - converted.count, 0)))[..<count])
    }
}
