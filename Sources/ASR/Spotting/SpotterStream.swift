import Audio

/// Streaming keyword spotting: samples in, detections out as soon as they are final.
///
/// MFCC, GRU state and search state are carried between calls, so chunk sizes never change the result.
/// A stream may start primed with room tone (`leadInSamples` of it, for a model that reads a long window
/// before its first step), and `finish` feeds `leadOut` room tone so that a phrase at the very end of a
/// recording is still heard; detection times count real samples only.
public struct SpotterStream: Sendable {
    private var features: MFCC
    private var acoustic: AcousticStream
    private var search: KeywordSearch
    private let leadInSamples: Int
    private let leadOut: [Float]
    private let samplesPerStep: Int
    private let spanSamples: Int

    init(features: MFCC, acoustic: AcousticStream, search: KeywordSearch, leadInSamples: Int, leadOut: [Float]) {
        self.features = features
        self.acoustic = acoustic
        self.search = search
        self.leadInSamples = leadInSamples
        self.leadOut = leadOut
        let model = acoustic.model
        samplesPerStep = model.stride * model.features.frameShift
        // A step reads `stack` frames: (stack − 1) shifts plus one frame length of samples.
        spanSamples = (model.stack - 1) * model.features.frameShift + model.features.frameLength
    }

    /// Consumes the next samples (16 kHz mono) and returns the detections that became final.
    public mutating func process(_ samples: [Float]) -> [Detection] {
        search(acoustic.process(features.process(samples)))
    }

    /// Ends the stream and returns the remaining detections.
    public mutating func finish() -> [Detection] {
        var found = search(acoustic.process(features.process(leadOut)))
        found += search(acoustic.process(features.flush()))
        if let hit = search.finish() { found.append(detection(hit)) }
        return found
    }

    private mutating func search(_ logits: [[Float]]) -> [Detection] {
        logits.compactMap { row in search.advance(row).map(detection) }
    }

    private func detection(_ hit: KeywordSearch.Hit) -> Detection {
        Detection(startSample: max(hit.start * samplesPerStep - leadInSamples, 0),
                  endSample: max(hit.end * samplesPerStep + spanSamples - leadInSamples, 0), score: hit.score)
    }
}
