import Foundation

/// Keyword-versus-filler Viterbi search over CTC logits, one model step at a time.
///
/// The keyword is a CTC path `p1 (blank) p2 (blank) … pN` that may start at any step; the filler is a
/// free loop over every symbol (blank included), whose best path takes each step's top symbol. Each
/// state accumulates `logit(symbol) − max(logits)`, the per-step log-likelihood ratio of the keyword
/// against the filler (≤ 0; the softmax normaliser cancels). When the path reaches the last phoneme,
/// the ratio is divided by the path's length in steps and mapped to a score `exp(ratio / steps)` in
/// (0, 1]: 1 when the keyword's phonemes are the model's best guess on every step of the span.
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
    init(keyword: [Int], threshold: Double, holdSteps: Int) {
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
        scores = Array(repeating: -.infinity, count: symbols.count)
        starts = Array(repeating: 0, count: symbols.count)
    }

    /// Advances by one step of raw logits (blank first) and returns a hit once it is final.
    mutating func advance(_ logits: [Float]) -> Hit? {
        let top = logits.max() ?? 0
        let t = step
        step += 1
        for state in stride(from: symbols.count - 1, through: 0, by: -1) {
            var best = scores[state]
            var start = starts[state]
            if state == 0 {
                if best < 0 { best = 0; start = t }   // a fresh path beats any older one that lost ground
            } else {
                if scores[state - 1] > best { best = scores[state - 1]; start = starts[state - 1] }
                if skips[state], scores[state - 2] > best { best = scores[state - 2]; start = starts[state - 2] }
            }
            scores[state] = best + (logits[symbols[state]] - top)
            starts[state] = start
        }
        let last = symbols.count - 1
        if scores[last] > -.infinity {
            let score = Foundation.exp(Double(scores[last]) / Double(t - starts[last] + 1))
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
        for state in scores.indices { scores[state] = -.infinity }
        return Hit(start: found.start, end: found.end, score: found.score)
    }
}
