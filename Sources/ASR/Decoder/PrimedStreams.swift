import Audio
import Synchronization

/// The front end and the acoustic model after a lead-in of room tone, one per recording rate (and a
/// fresh one per rate for recordings with a lead-in of their own), made on first use and shared by every
/// stream the recognizer makes; the wake spotter starts its streams from one as well.
///
/// Every training utterance starts with a few hundred milliseconds of near-silence, so a fresh state
/// misreads speech that starts at the first sample (recordings cut tight around the word). The front end
/// keeps the lead-in's last samples, so the first frames span room tone into speech, as they do after
/// real silence. The room tone has the recording's bandwidth (`RoomTone`), hence one entry per rate
/// below the hub's; making one costs a resampler and 0.3 s of model steps, which for a short 8 kHz
/// clip is more than the clip itself.
final class PrimedStreams: Sendable {
    /// A primed state, how many samples of room tone primed it, and the room tone to feed after the
    /// recording's last sample.
    struct Primed: Sendable {
        let features: MFCC
        let acoustic: AcousticStream
        let leadInSamples: Int
        let leadOut: [Float]
    }

    /// At most this many rates are kept (files come at a handful of rates; more are made each time).
    static let capacity = 16

    private let model: AcousticModel
    private let fresh: MFCC
    private let cache = Mutex<[Key: Primed]>([:])

    /// - Throws: `AudioError` for feature parameters the front end cannot use.
    init(model: AcousticModel) throws {
        self.model = model
        fresh = try MFCC(parameters: model.features)
    }

    /// The state for audio recorded at `sourceRate` (rates at or above the hub's share one): after the
    /// room-tone lead-in, or fresh when `leadIn` is false (a recording that brings its own quiet start).
    func primed(sourceRate: Int, leadIn: Bool = true) -> Primed {
        let rate = min(sourceRate, AudioFormat.sampleRate)
        let key = Key(rate: rate, leadIn: leadIn)
        if let hit = cache.withLock({ $0[key] }) { return hit }
        let leadOut = RoomTone.samples(seconds: model.paddingSeconds ?? RoomTone.leadOutSeconds, sourceRate: rate)
        var features = fresh
        let acoustic: AcousticStream
        var leadInSamples = 0
        if leadIn {
            let lead = RoomTone.samples(seconds: model.paddingSeconds ?? RoomTone.leadInSeconds, sourceRate: rate)
            acoustic = AcousticStream(model: model, primedWith: features.process(lead))
            leadInSamples = lead.count
        } else {
            acoustic = AcousticStream(model: model)
        }
        let primed = Primed(features: features, acoustic: acoustic, leadInSamples: leadInSamples, leadOut: leadOut)
        cache.withLock { if $0.count < Self.capacity { $0[key] = primed } }
        return primed
    }

    /// A cache entry's identity.
    private struct Key: Hashable {
        let rate: Int
        let leadIn: Bool
    }
}
