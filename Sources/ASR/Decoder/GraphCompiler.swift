/// Compiles a grammar, its runtime lists and the intent context into a `DecodingGraph`.
///
/// Each sentence template becomes a `FragmentGraph` (`SentenceCompiler`), then a `WordGraph`
/// (`WordSplitter`); its word arcs become chains of phoneme units and its epsilon arcs are
/// removed by closing over them in reverse topological order, so every unit ends up with
/// direct successor arcs that carry the tags crossed on the way. Chains that cannot reach the
/// end of their sentence are never created.
struct GraphCompiler {
    /// Model symbol ids of a word's phonemes.
    typealias Pronounce = (String) throws -> [Int32]

    private var tags = TagTable()
    private var numbers = NumberWordCache()
    private var vocabulary = Vocabulary()
    private var pronunciations: [Int32: [Int32]] = [:]
    private var blocks: [DecodingGraph.Block] = []
    private var phone: [Int32] = []
    private var block: [Int32] = []
    private var successors: [[(unit: Int32, tags: Int32)]] = []
    private var finals: [[Int32]] = []
    private var startUnits: [Int32] = []
    private var startTags: [Int32] = []
    private(set) var sentenceCount = 0

    /// Compiles every sentence of `grammar` that `context` does not rule out.
    /// - Parameters:
    ///   - lists: runtime lists; they shadow the grammar's lists of the same name.
    ///   - context: the intent context, checked like `IntentRecognizer` does.
    ///   - pronounce: phoneme ids of one word; errors are reported with the sentence's location.
    /// - Throws: `DecoderError` for unpronounceable words or recursive rules.
    static func compile(grammar: Grammar, lists: [String: SlotList], context: [String: String],
                        pronounce: Pronounce) throws -> (graph: DecodingGraph, sentences: Int) {
        var compiler = GraphCompiler()
        for intent in grammar.intents {
            for data in intent.data where data.admits(context) {
                let blockIndex = Int32(compiler.blocks.count)
                compiler.blocks.append(DecodingGraph.Block(intent: intent.name, data: data))
                for template in data.sentences {
                    var sentence = SentenceCompiler(
                        rules: { data.expansionRules[$0] ?? grammar.expansionRules[$0] },
                        lists: { lists[$0] ?? grammar.lists[$0] }, data: data)
                    let end = try sentence.compile(template, skipWords: grammar.skipWords, tags: &compiler.tags,
                                                   numbers: &compiler.numbers)
                    let unsupplied = data.requiresContext.keys.contains {
                        context[$0] == nil && !sentence.suppliedContext.contains($0)
                    }
                    if unsupplied { continue }
                    let words = WordSplitter.split(sentence.graph, end: end, vocabulary: &compiler.vocabulary)
                    try compiler.add(words, block: blockIndex, template: template, pronounce: pronounce)
                }
            }
        }
        return (compiler.finish(), compiler.sentenceCount)
    }

    // MARK: - Epsilon removal

    /// Adds the units of one sentence's word graph.
    private mutating func add(_ graph: WordGraph, block blockIndex: Int32, template: Template,
                              pronounce: Pronounce) throws {
        var entries: [[(unit: Int32, tags: Int32)]] = Array(repeating: [], count: graph.arcs.count)
        var endings: [[Int32]] = Array(repeating: [], count: graph.arcs.count)
        endings[graph.final] = [0]
        for node in Self.reverseTopologicalOrder(graph) {
            var seen = Set<Int64>()
            var seenEndings = Set<Int32>()
            for arc in graph.arcs[node] {
                if arc.word >= 0 {
                    guard !entries[arc.to].isEmpty || !endings[arc.to].isEmpty else { continue }
                    let first = try chain(word: arc.word, block: blockIndex, then: arc.to, entries: entries,
                                          endings: endings, template: template, pronounce: pronounce)
                    let wordTag = tags.list(.word(Int(arc.word)))
                    if seen.insert(Int64(first) << 32 | Int64(wordTag)).inserted {
                        entries[node].append((first, wordTag))
                    }
                } else {
                    for entry in entries[arc.to] {
                        let combined = tags.concat(arc.tags, entry.tags)
                        if seen.insert(Int64(entry.unit) << 32 | Int64(combined)).inserted {
                            entries[node].append((entry.unit, combined))
                        }
                    }
                    for ending in endings[arc.to] {
                        let combined = tags.concat(arc.tags, ending)
                        if seenEndings.insert(combined).inserted { endings[node].append(combined) }
                    }
                }
            }
        }
        guard !entries[0].isEmpty else { return }
        sentenceCount += 1
        let sentenceTag = tags.list(.sentence(block: Int(blockIndex)))
        for entry in entries[0] {
            startUnits.append(entry.unit)
            startTags.append(tags.concat(sentenceTag, entry.tags))
        }
    }

    /// Creates the units of one occurrence of `word` and returns the first.
    private mutating func chain(word: Int32, block blockIndex: Int32, then next: Int,
                                entries: [[(unit: Int32, tags: Int32)]], endings: [[Int32]],
                                template: Template, pronounce: Pronounce) throws -> Int32 {
        let phonemes = try pronunciation(of: word, template: template, pronounce: pronounce)
        let first = Int32(phone.count)
        for (index, symbol) in phonemes.enumerated() {
            let unit = Int32(phone.count)
            phone.append(symbol)
            block.append(blockIndex)
            if index + 1 < phonemes.count {
                successors.append([(unit + 1, 0)])
                finals.append([])
            } else {
                successors.append(entries[next])
                let sentenceEnd = tags.list(.sentenceEnd)
                finals.append(endings[next].map { tags.concat($0, sentenceEnd) })
            }
        }
        return first
    }

    private mutating func pronunciation(of word: Int32, template: Template, pronounce: Pronounce) throws -> [Int32] {
        if let known = pronunciations[word] { return known }
        let spelling = vocabulary.words[Int(word)]
        let origin = "\(template.location): \"\(template.text)\""
        let phonemes: [Int32]
        do {
            phonemes = try pronounce(spelling)
        } catch {
            throw DecoderError.unpronounceable(word: spelling, origin: origin, reason: "\(error)")
        }
        guard !phonemes.isEmpty else {
            throw DecoderError.unpronounceable(word: spelling, origin: origin, reason: "espeak-ng gave no phonemes")
        }
        pronunciations[word] = phonemes
        return phonemes
    }

    /// Nodes so that every arc goes from a later to an earlier position (Kahn's algorithm).
    private static func reverseTopologicalOrder(_ graph: WordGraph) -> [Int] {
        var incoming = Array(repeating: 0, count: graph.arcs.count)
        for arcs in graph.arcs { for arc in arcs { incoming[arc.to] += 1 } }
        var ready = incoming.indices.filter { incoming[$0] == 0 }
        var order: [Int] = []
        order.reserveCapacity(graph.arcs.count)
        while let node = ready.popLast() {
            order.append(node)
            for arc in graph.arcs[node] {
                incoming[arc.to] -= 1
                if incoming[arc.to] == 0 { ready.append(arc.to) }
            }
        }
        return order.reversed()
    }

    // MARK: - Flattening

    private func finish() -> DecodingGraph {
        var units: [DecodingGraph.Unit] = []
        units.reserveCapacity(phone.count + 1)
        var successorArcs: [DecodingGraph.Arc] = []
        var finalTags: [Int32] = []
        for unit in phone.indices {
            units.append(DecodingGraph.Unit(phone: phone[unit], block: block[unit],
                                            successorStart: Int32(successorArcs.count), finalStart: Int32(finalTags.count)))
            successorArcs += successors[unit].map { DecodingGraph.Arc(unit: $0.unit, phone: phone[Int($0.unit)], tags: $0.tags) }
            finalTags += finals[unit]
        }
        units.append(DecodingGraph.Unit(phone: 0, block: 0, successorStart: Int32(successorArcs.count),
                                        finalStart: Int32(finalTags.count)))
        let starts = zip(startUnits, startTags).map { DecodingGraph.Arc(unit: $0, phone: phone[Int($0)], tags: $1) }
        let wordPronunciations = vocabulary.words.indices.map { pronunciations[Int32($0)] ?? [] }
        return DecodingGraph(blocks: blocks, words: vocabulary.words, pronunciations: wordPronunciations, tags: tags,
                             units: units, successors: successorArcs, finalTags: finalTags, starts: starts,
                             startPhones: Set(starts.map(\.phone)).sorted())
    }
}
