/// The output steps of every search path, stored as one persistent list per path in flat
/// arrays: a path refers to its newest step by index, and each step to the one before. Paths
/// share their pasts. Indices instead of class references keep reference counting out of the
/// search's inner loop.
struct HistoryArena: Sendable {
    /// Index of "no step": the path has taken no tags yet.
    static let none: Int32 = -1

    /// One step: a tag sequence taken at `frame`.
    struct Step: Sendable {
        /// `TagTable` list id of the tags taken.
        let tags: Int32
        /// The frame whose emission followed the tags.
        let frame: Int32
        /// Index of the step before, or `HistoryArena.none`.
        let previous: Int32
    }

    private(set) var steps: [Step] = []

    /// Appends a step and returns its index.
    mutating func append(tags: Int32, frame: Int32, previous: Int32) -> Int32 {
        steps.append(Step(tags: tags, frame: frame, previous: previous))
        return Int32(steps.count - 1)
    }

    /// The steps of the path whose newest step is `index`, oldest first.
    func path(to index: Int32) -> [Step] {
        var path: [Step] = []
        var current = index
        while current != Self.none {
            let step = steps[Int(current)]
            path.append(step)
            current = step.previous
        }
        return path.reversed()
    }

    /// Drops every step that none of `live` reaches and renumbers the rest, keeping their
    /// order (a step's predecessor always has a smaller index). `live` is rewritten in place.
    mutating func compact(keeping live: inout [Int32]) {
        var reachable = [Bool](repeating: false, count: steps.count)
        for start in live {
            var current = start
            while current != Self.none, !reachable[Int(current)] {
                reachable[Int(current)] = true
                current = steps[Int(current)].previous
            }
        }
        var renumbered = [Int32](repeating: Self.none, count: steps.count)
        var kept: [Step] = []
        for (index, step) in steps.enumerated() where reachable[index] {
            renumbered[index] = Int32(kept.count)
            kept.append(Step(tags: step.tags, frame: step.frame,
                             previous: step.previous == Self.none ? Self.none : renumbered[Int(step.previous)]))
        }
        steps = kept
        for index in live.indices where live[index] != Self.none { live[index] = renumbered[Int(live[index])] }
    }
}
