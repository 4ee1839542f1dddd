import Foundation

/// Keyword-versus-filler Viterbi search over CTC logits, one model step at a time.
///
/// The keyword is a CTC path `p1 (blank) p2 (blank) … pN` that may start at any step; the filler is a
/// free loop over every symbol (blank included), whose best path takes each step's top symbol. Each
/// state accumulates `logit(symbol) − max(logits)`, the per-step log-likelihood ratio of the keyword
/// against the filler (≤ 0; the softmax normaliser cancels). When the path reaches the last phoneme,
/// the ratio is divided by the number of phonemes and mapped to a score `exp(ratio / phonemes)` in
/// (0, 1]: 1 when the keyword's phonemes are the model's best guess on every step of the span. (Per
/// phoneme rather than per step: CTC posteriors are peaky, each phoneme fires on about one step and
/// the blank steps between carry no evidence, so dividing by steps would reward stretching a poor
/// match over silence.)
/// While searching, every step on the keyword path also pays `stepPenalty`, so the search prefers the
/// shortest span: without it a path could pick its first phoneme seconds earlier and cross the
/// silence between on blanks for free. Spans longer than `maximumSteps` are never reported.
///
/// A score at or above `threshold` makes a candidate; the best candidate is reported once `holdSteps`
/// steps have passed without a better one, and the search then starts afresh, so one utterance gives
/// one detection. Everything depends only on the sequence of rows, never on how they are batched.
struct KeywordSearch: Sendable {
    /// The keyword's symbol ids.
    let keyword: [Int]
    /// The symbol each state emits: keyword phonemes with an optional blank between them.
    private let symbols: [Int]
    /// Whether a state may be entered from two states back (the blank between differing phonemes skipped).
    private let skips: [Bool]
    let threshold: Double
    let holdSteps: Int
    let maximumSteps: Int
    /// Log-likelihood charged per keyword step during the search (not in the reported score).
    static let stepPenalty: Float = 0.1

    /// Per state: the path's keyword-versus-filler log ratio, the same with the step penalties
    /// (what the search maximises), and the step the path started at.
    private var ratios: [Float]
    private var scores: [Float]
    private var starts: [Int]
    private var step = 0
    private var candidate: (score: Double, start: Int, end: Int)?

    /// A span of model steps where the keyword was heard, both ends included.
    struct Hit: Equatable {
        var start: Int
        var end: Int
        var score: Double
    }

    /// - Parameters:
    ///   - keyword: the phrase's symbol ids (never 0, the blank).
    ///   - threshold: the lowest score reported, in 0…1.
    ///   - holdSteps: steps to wait for a better score before reporting.
    ///   - maximumSteps: the longest span reported.
    init(keyword: [Int], threshold: Double, holdSteps: Int, maximumSteps: Int) {
        precondition(!keyword.isEmpty && !keyword.contains(0), "a keyword needs phonemes and no blank")
        var symbols: [Int] = []
        var skips: [Bool] = []
        for (index, symbol) in keyword.enumerated() {
            if index > 0 {
                symbols.append(0)
                skips.append(false)
            }
            symbols.append(symbol)
            skips.append(index > 0 && keyword[index - 1] != symbol)
        }
        self.keyword = keyword
        self.symbols = symbols
        self.skips = skips
        self.threshold = threshold
        self.holdSteps = holdSteps
        self.maximumSteps = maximumSteps
        ratios = Array(repeating: -.infinity, count: symbols.count)
        scores = Array(repeating: -.infinity, count: symbols.count)
        starts = Array(repeating: 0, count: symbols.count)
    }

    /// Advances by one step of raw logits (blank first) and returns a hit once it is final.
    mutating func advance(_ logits: [Float]) -> Hit? {
        let top = logits.max() ?? 0
        let t = step
        step += 1
        for state in stride(from: symbols.count - 1, through: 0, by: -1) {
            var from = state
            if state == 0 {
                if scores[0] < 0 { from = -1 }   // a fresh path beats any older one that lost ground
            } else {
                if scores[state - 1] > scores[from] { from = state - 1 }
                if skips[state], scores[state - 2] > scores[from] { from = state - 2 }
            }
            let gain = logits[symbols[state]] - top
            if from < 0 {
                ratios[state] = gain
                scores[state] = gain - Self.stepPenalty
                starts[state] = t
            } else {
                ratios[state] = ratios[from] + gain
                scores[state] = scores[from] + gain - Self.stepPenalty
                starts[state] = starts[from]
            }
        }
        let last = symbols.count - 1
        let steps = t - starts[last] + 1
        if scores[last] > -.infinity, steps <= maximumSteps {
            let score = Foundation.exp(Double(ratios[last]) / Double(keyword.count))
            if score >= threshold, score > candidate?.score ?? -1 {
                candidate = (score, starts[last], t)
            }
        }
        guard let found = candidate, t - found.end >= holdSteps else { return nil }
        return report(found)
    }

    /// Ends the stream: the pending candidate, if any.
    mutating func finish() -> Hit? {
        candidate.map { report($0) }
    }

    private mutating func report(_ found: (score: Double, start: Int, end: Int)) -> Hit {
        candidate = nil
        for state in scores.indices {
            scores[state] = -.infinity
            ratios[state] = -.infinity
        }
        return Hit(start: found.start, end: found.end, score: found.score)
    }
}
