import Foundation

/// Decodes one utterance frame by frame. Each frame is handled on its own, so the result does
/// not depend on how the logits are split into `process` calls.
public struct DecoderStream: Sendable {
    /// The decoder this stream belongs to.
    public let decoder: SpeechDecoder
    /// Seconds between logits rows.
    public let frameSeconds: Double
    private var search: ViterbiSearch
    /// Running sums of the per-frame best log posterior (the free symbol loop), one per frame boundary.
    private var free: [Double] = [0]
    /// Every frame's log posteriors (rows of `decoder.symbolCount`), without the blank penalty: the
    /// confidence is measured on them.
    private var rows: [Float] = []
    /// Running counts of confident speech frames (best non-blank posterior above one half).
    private var speech: [Int] = [0]
    private var logPosteriors: [Float]

    init(decoder: SpeechDecoder, frameSeconds: Double) {
        self.decoder = decoder
        self.frameSeconds = frameSeconds
        search = ViterbiSearch(graph: decoder.graph, options: decoder.options)
        logPosteriors = Array(repeating: 0, count: decoder.symbolCount)
    }

    /// Number of frames decoded so far.
    public var frameCount: Int { free.count - 1 }

    /// Decodes rows of raw logits (blank first); log-softmax and the search's blank penalty are applied here.
    /// - Precondition: every row has one value per model symbol.
    public mutating func process(_ logits: [[Float]]) {
        for row in logits {
            precondition(row.count == decoder.symbolCount,
                         "logits row has \(row.count) values, the decoder expects \(decoder.symbolCount)")
            Self.logSoftmax(row, into: &logPosteriors)
            rows += logPosteriors
            free.append(free[free.count - 1] + Double(logPosteriors.max() ?? 0))
            let isSpeech = logPosteriors.dropFirst().contains { $0 > Self.speechFloor }
            speech.append(speech[speech.count - 1] + (isSpeech ? 1 : 0))
            logPosteriors[0] -= decoder.options.blankPenalty
            search.step(logPosteriors)
        }
    }

    /// The best command heard so far, or nil when none reaches the confidence threshold.
    public func finish() -> RecognitionResult? {
        guard let result = best(), result.confidence >= decoder.options.threshold else { return nil }
        return result
    }

    /// The best command heard so far whatever its confidence, or nil when no sentence fits.
    public func best() -> RecognitionResult? {
        let graph = decoder.graph
        let endings = search.endings().sorted { $0.score > $1.score }
        var winner: (hypothesis: Hypothesis, match: IntentMatch)?
        var rival: Float?
        for token in endings {
            guard let hypothesis = Hypothesis(steps: search.steps(of: token), score: token.score, graph: graph),
                  let match = hypothesis.match(graph: graph, context: decoder.context) else { continue }
            guard let best = winner else {
                winner = (hypothesis, match)
                continue
            }
            if match.intent != best.match.intent {
                rival = token.score
                break
            }
        }
        guard let (hypothesis, tagged) = winner else { return nil }
        let frames = Double(max(1, hypothesis.endFrame - hypothesis.beginFrame))
        let grammarScore = ForcedAlignment.score(of: hypothesis.phonemes, frames: hypothesis.beginFrame..<hypothesis.endFrame,
                                                 logPosteriors: rows, symbols: decoder.symbolCount)
        let freeScore = free[hypothesis.endFrame] - free[hypothesis.beginFrame]
        let speechInside = speech[hypothesis.endFrame] - speech[hypothesis.beginFrame]
        let coverage = speech[speech.count - 1] == 0 ? 1 : Double(speechInside) / Double(speech[speech.count - 1])
        let evidence = ConfidenceEvidence(phonemes: hypothesis.phonemes.count, grammarScore: grammarScore,
                                          freeScore: freeScore, coverage: coverage)
        let text = hypothesis.words.joined(separator: " ")
        let match = decoder.recognizer.recognize(text, lists: decoder.lists, context: decoder.context) ?? tagged
        return RecognitionResult(
            text: text, intent: match, confidence: decoder.options.calibration.confidence(evidence), evidence: evidence,
            margin: rival.map { Double(hypothesis.score - $0) / frames } ?? .infinity,
            start: Double(hypothesis.beginFrame) * frameSeconds, end: Double(hypothesis.endFrame) * frameSeconds)
    }

    /// Log posterior above which a non-blank symbol marks a frame as confident speech (ln ½).
    private static let speechFloor = Float(-0.6931)

    private static func logSoftmax(_ row: [Float], into output: inout [Float]) {
        let top = row.max() ?? 0
        var total: Float = 0
        for value in row { total += Foundation.exp(value - top) }
        let shift = top + Foundation.log(total)
        for index in row.indices { output[index] = row[index] - shift }
    }
}
