/// Token-passing Viterbi beam search over a `DecodingGraph` with CTC topology and filler loops.
///
/// States: `2u` emits unit `u`'s phoneme, `2u + 1` is the blank after it; then one filler
/// before the command and one filler after it per data block (so every block's best ending
/// survives, which gives the margin to other intents). A filler frame scores the better of
/// blank and the frame's best non-blank symbol minus `garbagePenalty`, so silence, noise and
/// breaths around the command cost little and the command may start at any frame.
struct ViterbiSearch {
    /// A surviving path that has finished a sentence.
    struct Token {
        let state: Int32
        let score: Float
        /// The path's newest step in `histories`.
        let history: Int32
        /// The sentence-ending step, not yet stored, when the path ends inside the grammar.
        let ending: HistoryArena.Step?
    }

    /// Per-frame advantage of a filler over a blank state on blank frames.
    static let fillerBonus: Float = 1e-3

    let graph: DecodingGraph
    let options: DecoderOptions
    private let startFiller: Int32
    private var scores: [Float]
    /// Newest history step of each state's path.
    private var histories: [Int32]
    /// The output steps of all surviving paths.
    private(set) var arena = HistoryArena()
    /// The arena is compacted when it grows past this many steps.
    private var compactionLimit = 1 << 16
    private var active: [Int32]
    private var next: Frontier
    /// Frames processed so far.
    private(set) var frame: Int32 = 0

    init(graph: DecodingGraph, options: DecoderOptions) {
        self.graph = graph
        self.options = options
        let stateCount = 2 * graph.unitCount + 1 + graph.blocks.count
        startFiller = Int32(2 * graph.unitCount)
        scores = Array(repeating: -.infinity, count: stateCount)
        histories = Array(repeating: HistoryArena.none, count: stateCount)
        active = [startFiller]
        scores[Int(startFiller)] = 0
        next = Frontier(stateCount: stateCount)
    }

    /// Advances by one frame of log posteriors (blank first).
    mutating func step(_ logPosteriors: [Float]) {
        var bestNonBlank = -Float.infinity
        for symbol in 1..<logPosteriors.count { bestNonBlank = max(bestNonBlank, logPosteriors[symbol]) }
        let blank = logPosteriors[0]
        // The small bonus makes silence after the command end it rather than stretch its last blank.
        let filler = max(blank + Self.fillerBonus, bestNonBlank - options.garbagePenalty)
        next.begin()
        for state in active {
            let score = scores[Int(state)]
            let history = histories[Int(state)]
            if state < startFiller {
                let unit = Int(state >> 1)
                let isBlank = state & 1 == 1
                let symbol = graph.phone[unit]
                next.relax(state, score + (isBlank ? blank : logPosteriors[Int(symbol)]), from: score, history, 0)
                if !isBlank { next.relax(state + 1, score + blank, from: score, history, 0) }
                for arc in Int(graph.successorStart[unit])..<Int(graph.successorStart[unit + 1]) {
                    let target = graph.successorUnits[arc]
                    let targetSymbol = graph.phone[Int(target)]
                    guard isBlank || targetSymbol != symbol else { continue }
                    next.relax(2 * target, score + logPosteriors[Int(targetSymbol)], from: score, history,
                               graph.successorTags[arc])
                }
                let endFiller = startFiller + 1 + graph.block[unit]
                for arc in Int(graph.finalStart[unit])..<Int(graph.finalStart[unit + 1]) {
                    next.relax(endFiller, score + filler, from: score, history, graph.finalTags[arc])
                }
            } else {
                next.relax(state, score + filler, from: score, history, 0)
                guard state == startFiller else { continue }
                for arc in graph.startUnits.indices {
                    let target = graph.startUnits[arc]
                    next.relax(2 * target, score + logPosteriors[Int(graph.phone[Int(target)])], from: score,
                               history, graph.startTags[arc])
                }
            }
        }
        for state in active { scores[Int(state)] = -.infinity; histories[Int(state)] = HistoryArena.none }
        active = next.survivors(beam: options.beam, maxActive: options.maxActive, keepingFrom: startFiller)
        for state in active {
            scores[Int(state)] = next.score[Int(state)]
            histories[Int(state)] = next.history(of: state, frame: frame, in: &arena)
        }
        frame += 1
        if arena.steps.count > compactionLimit { compactHistories() }
    }

    /// Drops the history steps no surviving path reaches.
    private mutating func compactHistories() {
        var live = active.map { histories[Int($0)] }
        arena.compact(keeping: &live)
        for (state, history) in zip(active, live) { histories[Int(state)] = history }
        compactionLimit = max(1 << 16, 2 * arena.steps.count)
    }

    /// Every surviving path that has finished a sentence, with the ending's tags.
    func endings() -> [Token] {
        var tokens: [Token] = []
        for state in active {
            let score = scores[Int(state)]
            let history = histories[Int(state)]
            if state < startFiller {
                let unit = Int(state >> 1)
                for arc in Int(graph.finalStart[unit])..<Int(graph.finalStart[unit + 1]) {
                    let ending = HistoryArena.Step(tags: graph.finalTags[arc], frame: frame, score: score,
                                                   previous: history)
                    tokens.append(Token(state: state, score: score, history: history, ending: ending))
                }
            } else if state != startFiller {
                tokens.append(Token(state: state, score: score, history: history, ending: nil))
            }
        }
        return tokens
    }

    /// The output steps of `token`'s path, oldest first.
    func steps(of token: Token) -> [HistoryArena.Step] {
        arena.path(to: token.history) + (token.ending.map { [$0] } ?? [])
    }
}

/// The states reached in the frame being computed, with their best incoming path.
private struct Frontier {
    var score: [Float]
    private var entry: [Float]
    private var previous: [Int32]
    private var tags: [Int32]
    private var stamp: [Int32]
    private var generation: Int32 = 0
    private var reached: [Int32] = []

    init(stateCount: Int) {
        score = Array(repeating: -.infinity, count: stateCount)
        entry = Array(repeating: 0, count: stateCount)
        previous = Array(repeating: HistoryArena.none, count: stateCount)
        tags = Array(repeating: 0, count: stateCount)
        stamp = Array(repeating: -1, count: stateCount)
    }

    mutating func begin() {
        reached.removeAll(keepingCapacity: true)
        generation += 1
    }

    /// Keeps the better of the state's current path and one arriving with `candidate`.
    mutating func relax(_ state: Int32, _ candidate: Float, from entryScore: Float, _ history: Int32, _ arcTags: Int32) {
        let index = Int(state)
        if stamp[index] != generation {
            stamp[index] = generation
            reached.append(state)
        } else if candidate <= score[index] {
            return
        }
        score[index] = candidate
        entry[index] = entryScore
        previous[index] = history
        tags[index] = arcTags
    }

    /// The fillers (states from `fillers` on), which are never pruned, and the grammar states
    /// within `beam` of the best grammar state, at most `maxActive` distinct scores of those (all
    /// states sharing a kept score stay). Measuring the beam among grammar states keeps a sentence hypothesis alive
    /// even when garbage explains the audio far better; confidence then rejects it.
    func survivors(beam: Float, maxActive: Int, keepingFrom fillers: Int32) -> [Int32] {
        var best = -Float.infinity
        for state in reached where state < fillers { best = max(best, score[Int(state)]) }
        var floor = best - beam
        var kept = reached.filter { $0 < fillers && score[Int($0)] >= floor }
        if kept.count > maxActive {
            // Count equal scores once: templates that expand to the same phonemes (optional words,
            // permutations, one phrase in many blocks) give the same path many states with equal
            // scores, and these copies must not crowd the other hypotheses out of the budget.
            let distinct = Set(kept.map { score[Int($0)] }).sorted(by: >)
            if distinct.count > maxActive {
                floor = distinct[maxActive - 1]
                kept = kept.filter { score[Int($0)] >= floor }
            }
        }
        return kept + reached.filter { $0 >= fillers }
    }

    /// The newest history step of `state`'s best path, adding a step to `arena` for the tags it
    /// took at `frame`.
    func history(of state: Int32, frame: Int32, in arena: inout HistoryArena) -> Int32 {
        let index = Int(state)
        guard tags[index] != 0 else { return previous[index] }
        return arena.append(tags: tags[index], frame: frame, score: entry[index], previous: previous[index])
    }
}
