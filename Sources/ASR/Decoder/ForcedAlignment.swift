/// The best CTC path of a known phoneme sequence over a span of frames (Viterbi forced alignment).
///
/// The search picks the sentence with the decoder's blank penalty; the confidence is then measured on
/// the model's own posteriors, by aligning the chosen sentence's phonemes again without it. A penalty
/// that lets faint phonemes win would otherwise also make a sentence forced onto seconds of noise look
/// as good as a spoken one.
enum ForcedAlignment {
    /// Log score of the best path that spells `phonemes` (model symbol ids, blank = 0 excluded) over
    /// `frames`, each row of `logPosteriors` holding `symbols` values; −∞ when the span is too short.
    static func score(of phonemes: [Int32], frames: Range<Int>, logPosteriors: [Float], symbols: Int) -> Double {
        guard !phonemes.isEmpty else {
            return frames.reduce(0) { $0 + Double(logPosteriors[$1 * symbols]) }
        }
        // States 0…2n: even ones are blanks, state 2k + 1 emits phonemes[k].
        let count = 2 * phonemes.count + 1
        let label = { (state: Int) -> Int in state % 2 == 0 ? 0 : Int(phonemes[state / 2]) }
        var previous = [Double](repeating: -.infinity, count: count)
        var current = previous
        for (index, frame) in frames.enumerated() {
            let row = frame * symbols
            for state in 0..<count {
                var best: Double
                if index == 0 {
                    best = state < 2 ? 0 : -.infinity
                } else {
                    best = previous[state]
                    if state >= 1 { best = max(best, previous[state - 1]) }
                    if state >= 2, state % 2 == 1, label(state) != label(state - 2) { best = max(best, previous[state - 2]) }
                }
                current[state] = best + Double(logPosteriors[row + label(state)])
            }
            swap(&previous, &current)
        }
        return frames.isEmpty ? -.infinity : max(previous[count - 1], previous[count - 2])
    }
}
