/// The search states reached in the frame being computed, with their best incoming path.
///
/// Scratch space of `ViterbiSearch`, rewritten every frame. It lives in raw buffers so the inner
/// loop pays no copy-on-write check per write; `begin()` gives a shared storage fresh buffers once per frame,
/// so copies of a search (and of its `DecoderStream`) never share it while stepping.
struct Frontier {
    private var storage: Storage

    init(stateCount: Int) {
        storage = Storage(stateCount: stateCount)
    }

    /// Best score of each state reached this frame (valid for the states in `reached`).
    var score: UnsafeMutablePointer<Float> { storage.score }

    /// Starts a new frame.
    mutating func begin() {
        // Scratch only: a copy of the search needs its own buffers, not their contents.
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(stateCount: storage.stateCount) }
        storage.reachedCount = 0
        storage.generation &+= 1
    }

    /// Keeps the better of the state's current path and one arriving with `candidate`.
    @inline(__always)
    func relax(_ state: Int32, _ candidate: Float, _ history: Int32, _ arcTags: Int32) {
        let index = Int(state)
        if storage.stamp[index] != storage.generation {
            storage.stamp[index] = storage.generation
            storage.reached[storage.reachedCount] = state
            storage.reachedCount += 1
        } else if candidate <= storage.score[index] {
            return
        }
        storage.score[index] = candidate
        storage.previous[index] = history
        storage.tags[index] = arcTags
    }

    /// The best score of the states below `fillers` reached so far (the grammar states).
    func bestScore(below fillers: Int32) -> Float {
        let reached = UnsafeBufferPointer(start: storage.reached, count: storage.reachedCount)
        var best = -Float.infinity
        for state in reached where state < fillers { best = max(best, storage.score[Int(state)]) }
        return best
    }

    /// The fillers (states from `fillers` on), which are never pruned, and the grammar states
    /// scoring at least `floor` (the search's beam below the best grammar state), at most `maxActive`
    /// distinct scores of those (all states sharing a kept score stay). Measuring the beam among
    /// grammar states keeps a sentence hypothesis alive even when garbage explains the audio far
    /// better; confidence then rejects it.
    func survivors(floor: Float, maxActive: Int, keepingFrom fillers: Int32) -> [Int32] {
        let reached = UnsafeBufferPointer(start: storage.reached, count: storage.reachedCount)
        let score = storage.score
        var floor = floor
        // Branch-free compaction: every state is written, and the count moves on only for a kept one
        // (whether a state passes the beam is a coin toss the branch predictor loses).
        var kept = [Int32](unsafeUninitializedCapacity: reached.count) { buffer, count in
            for state in reached {
                buffer[count] = state
                count += (state < fillers && score[Int(state)] >= floor) ? 1 : 0
            }
        }
        if kept.count > maxActive {
            // Count equal scores once: templates that expand to the same phonemes (optional words,
            // permutations, one phrase in many blocks) give the same path many states with equal
            // scores, and these copies must not crowd the other hypotheses out of the budget.
            var distinct = Self.distinct(kept.lazy.map { score[Int($0)] }, capacity: kept.count)
            if distinct.count > maxActive {
                distinct.sort(by: >)
                floor = distinct[maxActive - 1]
                kept = kept.filter { score[Int($0)] >= floor }
            }
        }
        for state in reached where state >= fillers { kept.append(state) }
        return kept
    }

    /// The newest history step of `state`'s best path, adding a step to `arena` for the tags it
    /// took at `frame`.
    func history(of state: Int32, frame: Int32, in arena: inout HistoryArena) -> Int32 {
        let index = Int(state)
        guard storage.tags[index] != 0 else { return storage.previous[index] }
        return arena.append(tags: storage.tags[index], frame: frame,
                            previous: storage.previous[index])
    }

    /// The distinct values of finite `values` (open addressing on their bit patterns; cheaper
    /// than `Set<Float>` in the search's hot path).
    private static func distinct<S: Sequence<Float>>(_ values: S, capacity: Int) -> [Float] {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        let empty = UInt32.max  // a NaN's bit pattern: no finite score has it
        var table = [UInt32](repeating: empty, count: size)
        var found: [Float] = []
        let mask = size - 1
        for value in values {
            let bits = value.bitPattern
            var slot = Int(truncatingIfNeeded: (UInt64(bits) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
            while table[slot] != empty && table[slot] != bits { slot = (slot + 1) & mask }
            if table[slot] == empty {
                table[slot] = bits
                found.append(value)
            }
        }
        return found
    }

    /// Raw per-state buffers, freed with the last copy of the frontier that refers to them.
    private final class Storage {
        let stateCount: Int
        let score: UnsafeMutablePointer<Float>
        let previous: UnsafeMutablePointer<Int32>
        let tags: UnsafeMutablePointer<Int32>
        let stamp: UnsafeMutablePointer<Int32>
        let reached: UnsafeMutablePointer<Int32>
        var reachedCount = 0
        var generation: Int32 = 0

        init(stateCount: Int) {
            self.stateCount = stateCount
            func buffer<T>(_ value: T) -> UnsafeMutablePointer<T> {
                let pointer = UnsafeMutablePointer<T>.allocate(capacity: stateCount)
                pointer.initialize(repeating: value, count: stateCount)
                return pointer
            }
            score = buffer(-Float.infinity)
            previous = buffer(HistoryArena.none)
            tags = buffer(Int32(0))
            stamp = buffer(Int32(-1))
            reached = buffer(Int32(0))
        }

        deinit {
            score.deallocate()
            for pointer in [previous, tags, stamp, reached] { pointer.deallocate() }
        }
    }
}

extension Frontier: @unchecked Sendable {}
