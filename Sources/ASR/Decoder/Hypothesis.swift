/// A finished search path read back from its history: which data block, which words, which
/// slot values, and where the command lies in time.
struct Hypothesis {
    /// One filled slot.
    struct Capture {
        let slot: String
        let value: SlotValue
        let context: [String: String]
    }

    /// Index into `DecodingGraph.blocks`.
    let block: Int
    /// The spoken words.
    let words: [String]
    /// The spoken words' pronunciations in a row (model symbol ids).
    let phonemes: [Int32]
    /// Slots in the order they were spoken.
    let captures: [Capture]
    /// First frame of the command.
    let beginFrame: Int
    /// Frame after the command.
    let endFrame: Int
    /// Score of the whole path.
    let score: Float

    /// Reads a path's output `steps` (oldest first); nil if they do not hold a complete sentence.
    init?(steps: [HistoryArena.Step], score: Float, graph: DecodingGraph) {
        var block: Int?
        var words: [String] = []
        var phonemes: [Int32] = []
        var captures: [Capture] = []
        var begin: Int?
        var end: Int?
        var open: (slot: String, value: SlotValue?, context: [String: String], range: SlotList.NumberRange?)?
        var sum = 0.0
        for step in steps {
            for tag in graph.tags.tags(of: step.tags) {
                switch tag {
                case .sentence(let index):
                    block = index
                    begin = Int(step.frame)
                case .word(let id):
                    words.append(graph.words[id])
                    phonemes += graph.pronunciations[Int(id)]
                case .slotBegin(let slot, let value, let context):
                    open = (slot, value, context, nil)
                case .numberBegin(let slot, let range):
                    open = (slot, nil, [:], range)
                    sum = 0
                case .add(let delta):
                    sum += delta
                case .slotEnd:
                    guard let slot = open, let value = slot.value ?? slot.range?.value(for: sum) else { return nil }
                    captures.append(Capture(slot: slot.slot, value: value, context: slot.context))
                    open = nil
                case .sentenceEnd:
                    end = Int(step.frame)
                }
            }
        }
        guard let block, let begin, let end else { return nil }
        self.block = block
        self.words = words
        self.phonemes = phonemes
        self.captures = captures
        beginFrame = begin
        endFrame = end
        self.score = score
    }

    /// The intent match with the block's fixed slots and context slots, as
    /// `IntentData.slots(for:context:)` computes them; nil if the merged context breaks the
    /// block's context rules.
    func match(graph: DecodingGraph, context: [String: String]) -> IntentMatch? {
        let data = graph.blocks[block].data
        var merged = context
        for capture in captures { merged.merge(capture.context) { _, new in new } }
        for (key, excluded) in data.excludesContext {
            if let value = merged[key], excluded.contains(value) { return nil }
        }
        var contextSlots: [String: SlotValue] = [:]
        for (key, requirement) in data.requiresContext {
            guard requirement.accepts(merged[key]) else { return nil }
            if let slot = requirement.slot, let value = merged[key] { contextSlots[slot] = .string(value) }
        }
        var slots: [String: SlotValue] = [:]
        for capture in captures { slots[capture.slot] = capture.value }
        slots.merge(data.slots) { spoken, _ in spoken }
        slots.merge(contextSlots) { spoken, _ in spoken }
        return IntentMatch(intent: graph.blocks[block].intent, slots: slots, response: data.response,
                           text: words.joined(separator: " "))
    }
}
