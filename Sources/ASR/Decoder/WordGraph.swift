/// A word-level graph of one sentence template: arcs carry a word or a tag sequence (or
/// nothing). Built from a `FragmentGraph` by joining fragments into words at spaces and tags.
struct WordGraph {
    /// One arc: a word (`word >= 0`, an index into the vocabulary) or an epsilon arc that
    /// carries the tag sequence `tags` (a `TagTable` list id, 0 for none).
    struct Arc {
        let to: Int
        let word: Int32
        let tags: Int32
    }

    /// Outgoing arcs by node; node 0 is the start. The graph has no cycles.
    private(set) var arcs: [[Arc]] = [[], []]
    /// The node where every sentence ends.
    let final = 1

    /// Adds a node without arcs and returns it.
    mutating func node() -> Int {
        arcs.append([])
        return arcs.count - 1
    }

    /// Adds an arc.
    mutating func add(_ from: Int, _ arc: Arc) {
        arcs[from].append(arc)
    }
}

/// Word spellings seen by the compiler, numbered in order of appearance.
struct Vocabulary {
    /// Words by id.
    private(set) var words: [String] = []
    private var ids: [String: Int32] = [:]

    /// The id of `word`, adding it if new.
    mutating func id(_ word: String) -> Int32 {
        if let known = ids[word] { return known }
        let id = Int32(words.count)
        words.append(word)
        ids[word] = id
        return id
    }
}

/// Turns a `FragmentGraph` into a `WordGraph` by walking (node, unfinished word) pairs: a
/// space or a tag ends the unfinished word, which becomes a word arc. Words without a letter
/// (`%`, `°`) cannot be spoken; paths through them are dropped.
enum WordSplitter {
    /// The word graph of `fragments`, whose sentences end at `end`.
    static func split(_ fragments: FragmentGraph, end: Int, vocabulary: inout Vocabulary) -> WordGraph {
        var graph = WordGraph()
        var states: [State: Int] = [State(node: 0, pending: ""): 0]
        var queue = [State(node: 0, pending: "")]
        func target(_ state: State) -> Int {
            if let known = states[state] { return known }
            let node = graph.node()
            states[state] = node
            queue.append(state)
            return node
        }
        /// Adds word arcs for `words` from `from`; returns the node after them, nil if unspeakable.
        func chain(_ words: [String], from: Int) -> Int? {
            var node = from
            for word in words where !word.isEmpty {
                guard word.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return nil }
                let next = graph.node()
                graph.add(node, WordGraph.Arc(to: next, word: vocabulary.id(word), tags: 0))
                node = next
            }
            return node
        }
        while let state = queue.popLast() {
            let from = states[state]!
            if state.node == end, let last = chain([state.pending], from: from) {
                graph.add(last, WordGraph.Arc(to: graph.final, word: -1, tags: 0))
            }
            for arc in fragments.arcs[state.node] {
                switch arc.label {
                case .text(let text):
                    let parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                    if parts.count == 1 {
                        let to = target(State(node: arc.to, pending: state.pending + text))
                        graph.add(from, WordGraph.Arc(to: to, word: -1, tags: 0))
                    } else if let last = chain([state.pending + parts[0]] + parts[1..<(parts.count - 1)], from: from) {
                        let to = target(State(node: arc.to, pending: parts[parts.count - 1]))
                        graph.add(last, WordGraph.Arc(to: to, word: -1, tags: 0))
                    }
                case .tags(let tags):
                    if let last = chain([state.pending], from: from) {
                        let to = target(State(node: arc.to, pending: ""))
                        graph.add(last, WordGraph.Arc(to: to, word: -1, tags: tags))
                    }
                }
            }
        }
        return graph
    }

    private struct State: Hashable {
        let node: Int
        let pending: String
    }
}
