import CKernels

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
    /// Score of each state's path, and its newest history step; valid for the states in `active` only
    /// (entries of states that fell out keep stale values, which nothing reads).
    private var scores: [Float]
    private var histories: [Int32]
    /// The output steps of all surviving paths.
    private var arena = HistoryArena()
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
        var startScore = -Float.infinity, startHistory = HistoryArena.none
        // The states are scattered over the graph: fetch the unit records `unitLead` states ahead and
        // their successor arcs `arcLead` ahead, so that the loads overlap instead of waiting in turn.
        let unitLead = 8, arcLead = 4
        graph.units.withUnsafeBufferPointer { units in
            graph.successors.withUnsafeBufferPointer { successors in
                active.withUnsafeBufferPointer { active in
                    for index in active.indices {
                        if index + unitLead < active.count, active[index + unitLead] < startFiller {
                            hub_prefetch(units.baseAddress! + Int(active[index + unitLead] >> 1))
                        }
                        if index + arcLead < active.count, active[index + arcLead] < startFiller {
                            let unit = units[Int(active[index + arcLead] >> 1)]
                            hub_prefetch(successors.baseAddress! + Int(unit.successorStart))
                        }
                        let state = active[index]
                        let score = scores[Int(state)]
                        let history = histories[Int(state)]
                        if state < startFiller {
                            let unit = units[Int(state >> 1)], following = units[Int(state >> 1) + 1]
                            let isBlank = state & 1 == 1
                            let symbol = unit.phone
                            next.relax(state, score + (isBlank ? blank : logPosteriors[Int(symbol)]), history, 0)
                            if !isBlank { next.relax(state + 1, score + blank, history, 0) }
                            for arc in successors[Int(unit.successorStart)..<Int(following.successorStart)] {
                                guard isBlank || arc.phone != symbol else { continue }
                                next.relax(2 * arc.unit, score + logPosteriors[Int(arc.phone)], history, arc.tags)
                            }
                            let endFiller = startFiller + 1 + unit.block
                            for tags in graph.finalTags[Int(unit.finalStart)..<Int(following.finalStart)] {
                                next.relax(endFiller, score + filler, history, tags)
                            }
                        } else {
                            next.relax(state, score + filler, history, 0)
                            if state == startFiller { (startScore, startHistory) = (score, history) }
                        }
                    }
                }
            }
        }
        // Sentence starts last, as the start filler comes after every grammar state in `active`, and
        // only those whose phoneme reaches the beam: the others would be pruned at once.
        var bestStart = -Float.infinity
        for phone in graph.startPhones { bestStart = max(bestStart, logPosteriors[Int(phone)]) }
        let floor = max(next.bestScore(below: startFiller), startScore + bestStart) - options.beam
        for arc in graph.starts {
            let candidate = startScore + logPosteriors[Int(arc.phone)]
            if candidate >= floor { next.relax(2 * arc.unit, candidate, startHistory, arc.tags) }
        }
        active = next.survivors(floor: floor, maxActive: options.maxActive, keepingFrom: startFiller)
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
                for tags in graph.finalTags[Int(graph.units[unit].finalStart)..<Int(graph.units[unit + 1].finalStart)] {
                    let ending = HistoryArena.Step(tags: tags, frame: frame, previous: history)
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
