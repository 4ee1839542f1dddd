/// An output symbol on a decoding-graph arc. The best path's tags, read in order, give the
/// sentence's data block, its words and its slot values.
enum OutputTag: Hashable, Sendable {
    /// A sentence of data block `block` (an index into `DecodingGraph.blocks`) begins.
    case sentence(block: Int)
    /// The word with this id (an index into `DecodingGraph.words`) is spoken next.
    case word(Int)
    /// A list value begins; `value` is its `out` and `context` its list-value context.
    case slotBegin(slot: String, value: SlotValue, context: [String: String])
    /// A spoken number begins; its value is the sum of the following `add` tags.
    case numberBegin(slot: String, range: SlotList.NumberRange)
    /// Adds to the value of the number being spoken.
    case add(Double)
    /// The current list value or number ends.
    case slotEnd
    /// The sentence ends (the speech part of the utterance is over).
    case sentenceEnd
}

/// Interns tags and tag sequences so arcs carry one small integer each.
struct TagTable: Sendable {
    /// Tags by id.
    private(set) var tags: [OutputTag] = []
    /// Tag sequences by id; id 0 is the empty sequence.
    private(set) var lists: [[Int32]] = [[]]
    private var tagIDs: [OutputTag: Int32] = [:]
    private var listIDs: [[Int32]: Int32] = [[]: 0]

    /// The id of a one-tag sequence.
    mutating func list(_ tag: OutputTag) -> Int32 {
        let id: Int32
        if let known = tagIDs[tag] {
            id = known
        } else {
            id = Int32(tags.count)
            tags.append(tag)
            tagIDs[tag] = id
        }
        return list(ids: [id])
    }

    /// The id of the sequence `first` followed by `second`.
    mutating func concat(_ first: Int32, _ second: Int32) -> Int32 {
        if first == 0 { return second }
        if second == 0 { return first }
        return list(ids: lists[Int(first)] + lists[Int(second)])
    }

    /// The tags of sequence `id`.
    func tags(of id: Int32) -> [OutputTag] {
        lists[Int(id)].map { tags[Int($0)] }
    }

    private mutating func list(ids: [Int32]) -> Int32 {
        if let known = listIDs[ids] { return known }
        let id = Int32(lists.count)
        lists.append(ids)
        listIDs[ids] = id
        return id
    }
}
