/// The decoding graph of a grammar: emitting units, each one phoneme occurrence of a word of
/// some sentence, with successor arcs that carry output tags (epsilons already removed).
///
/// The search adds the CTC topology on top: every unit has a self-loop and a blank state after
/// it (with its own self-loop) that leads to the same successors; a unit may go straight to a
/// successor unless both have the same phoneme, when the blank is mandatory.
struct DecodingGraph: Sendable {
    /// A data block of an intent, which a sentence tag refers to.
    struct Block: Sendable {
        /// Intent name.
        let intent: String
        /// The data block (fixed slots, context rules, response).
        let data: IntentData
    }

    /// Data blocks that have sentences in the graph.
    let blocks: [Block]
    /// Word spellings by word id.
    let words: [String]
    /// Each word's pronunciation (model symbol ids), by word id.
    let pronunciations: [[Int32]]
    /// The tags that arcs refer to.
    let tags: TagTable
    /// An emitting unit, in one record so that the search reads it with one memory access.
    struct Unit: Sendable {
        /// Model symbol id of the unit's phoneme.
        let phone: Int32
        /// Data block of the unit.
        let block: Int32
        /// The unit's successors are `successors[successorStart..<next.successorStart]`, where `next`
        /// is the following record.
        let successorStart: Int32
        /// The unit may end its sentence with each tag sequence in `finalTags[finalStart..<next.finalStart]`.
        let finalStart: Int32
    }

    /// An arc into a unit, with that unit's phoneme beside it so the search needs no second lookup.
    struct Arc: Sendable {
        let unit: Int32
        let phone: Int32
        /// Output tags taken on the arc.
        let tags: Int32
    }

    /// The units, then one record that only closes the last unit's ranges.
    let units: [Unit]
    let successors: [Arc]
    let finalTags: [Int32]
    /// Arcs into the units where sentences begin, with the tags (sentence, first word…) taken on the way.
    let starts: [Arc]
    /// The distinct phonemes of `starts`: the search scores each once and skips the sentence
    /// starts of those below its beam.
    let startPhones: [Int32]

    /// Number of emitting units (phoneme occurrences).
    var unitCount: Int { units.count - 1 }
    /// Number of arcs between units, sentence starts and sentence ends.
    var arcCount: Int { successors.count + finalTags.count + starts.count }
}

/// Facts about a compiled graph, for tests and benchmarks.
public struct DecodingGraphSize: Sendable, CustomStringConvertible {
    /// Emitting units (phoneme occurrences); the search has twice as many states plus fillers.
    public let units: Int
    /// Arcs between units, into the first units and out of the last ones.
    public let arcs: Int
    /// Distinct words.
    public let words: Int
    /// Sentence templates that made it into the graph (with all their expansions).
    public let sentences: Int

    /// `units=… arcs=… words=… sentences=…`.
    public var description: String { "units=\(units) arcs=\(arcs) words=\(words) sentences=\(sentences)" }
}
