import Audio
import Foundation
import Testing
@testable import ASR

/// The primed front end and model per recording rate, with the tiny random model.
@Suite struct PrimedStreamsTests {
    static func model() throws -> AcousticModel {
        try AcousticModel(contentsOf: TestPaths.fixtures.appendingPathComponent("models/tiny.bin").path)
    }

    /// Logits of `samples` fed after `primed`'s lead-in, then its lead-out.
    static func logits(_ primed: PrimedStreams.Primed, _ samples: [Float]) -> [[Float]] {
        var features = primed.features
        var acoustic = primed.acoustic
        return acoustic.process(features.process(samples)) + acoustic.process(features.process(primed.leadOut))
    }

    static let speech: [Float] = (0..<8_000).map { Float(sin(Double($0) * 0.07)) * 0.3 }

    /// A state taken from the cache continues exactly like one made from scratch by the same recipe.
    @Test(arguments: [16_000, 8_000])
    func aCachedStateIsTheStateMadeFromScratch(sourceRate: Int) throws {
        let model = try Self.model()
        let streams = try PrimedStreams(model: model)
        let first = streams.primed(sourceRate: sourceRate)
        let cached = streams.primed(sourceRate: sourceRate)
        var features = try MFCC(parameters: model.features)
        let tone = RoomTone.samples(seconds: RoomTone.leadInSeconds, sourceRate: sourceRate)
        let lead = features.process(tone)
        let scratch = PrimedStreams.Primed(features: features, acoustic: AcousticStream(model: model, primedWith: lead),
                                           leadInSamples: tone.count,
                                           leadOut: RoomTone.samples(seconds: RoomTone.leadOutSeconds, sourceRate: sourceRate))
        let expected = Self.logits(scratch, Self.speech)
        #expect(first.leadInSamples == tone.count)
        #expect(Self.logits(first, Self.speech) == expected)
        #expect(Self.logits(cached, Self.speech) == expected)
    }

    /// Rates at or above the hub's share the full-band state; a narrowband rate gets its own.
    @Test func ratesAboveTheHubsShareOneStateAndNarrowbandGetsItsOwn() throws {
        let streams = try PrimedStreams(model: Self.model())
        let wide = streams.primed(sourceRate: AudioFormat.sampleRate)
        #expect(streams.primed(sourceRate: 44_100).leadOut == wide.leadOut)
        #expect(Self.logits(streams.primed(sourceRate: 48_000), Self.speech) == Self.logits(wide, Self.speech))
        #expect(streams.primed(sourceRate: 8_000).leadOut != wide.leadOut)
    }

    /// Without a lead-in the state is a fresh front end and model; the lead-out stays.
    @Test(arguments: [16_000, 8_000])
    func withoutALeadInTheStateIsFresh(sourceRate: Int) throws {
        let model = try Self.model()
        let streams = try PrimedStreams(model: model)
        let fresh = streams.primed(sourceRate: sourceRate, leadIn: false)
        let scratch = PrimedStreams.Primed(features: try MFCC(parameters: model.features), acoustic: AcousticStream(model: model),
                                           leadInSamples: 0,
                                           leadOut: RoomTone.samples(seconds: RoomTone.leadOutSeconds, sourceRate: sourceRate))
        #expect(fresh.leadInSamples == 0)
        #expect(Self.logits(fresh, Self.speech) == Self.logits(scratch, Self.speech))
        #expect(Self.logits(fresh, Self.speech) != Self.logits(streams.primed(sourceRate: sourceRate), Self.speech))
        #expect(streams.primed(sourceRate: sourceRate, leadIn: false).leadOut == streams.primed(sourceRate: sourceRate).leadOut)
    }
}
