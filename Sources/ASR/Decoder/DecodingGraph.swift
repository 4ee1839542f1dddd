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
    /// Model symbol id of each unit's phoneme.
    let phone: [Int32]
    /// Data block of each unit.
    let block: [Int32]
    /// Unit `u`'s successors are `successorUnits[successorStart[u]..<successorStart[u + 1]]`.
    let successorStart: [Int32]
    let successorUnits: [Int32]
    let successorTags: [Int32]
    /// Unit `u` may end its sentence with each tag sequence in `finalTags[finalStart[u]..<finalStart[u + 1]]`.
    let finalStart: [Int32]
    let finalTags: [Int32]
    /// Units where sentences begin, with the tags (sentence, first word…) taken on the way.
    let startUnits: [Int32]
    let startTags: [Int32]
    /// The distinct phonemes of `startUnits`: the search scores each once and skips the sentence
    /// starts of those below its beam.
    let startPhones: [Int32]

    /// Number of emitting units (phoneme occurrences).
    var unitCount: Int { phone.count }
    /// Number of arcs between units, sentence starts and sentence ends.
    var arcCount: Int { successorUnits.count + finalTags.count + startUnits.count }
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
