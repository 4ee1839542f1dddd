/// A graph whose arcs carry template text fragments or output tags, built from one sentence
/// template. Adjacent fragments join into words (`light` + `s` → `lights`); a space inside a
/// fragment ends a word. `WordSplitter` turns it into a `WordGraph`.
struct FragmentGraph {
    /// What an arc carries.
    enum Label: Hashable {
        /// Normalized template text; the empty string is an epsilon arc.
        case text(String)
        /// A tag sequence (a `TagTable` list id); it also ends the current word.
        case tags(Int32)
    }

    /// One arc.
    struct Arc {
        let label: Label
        let to: Int
    }

    /// Outgoing arcs by node; node 0 is the start.
    private(set) var arcs: [[Arc]] = [[]]

    /// Adds a node without arcs and returns it.
    mutating func node() -> Int {
        arcs.append([])
        return arcs.count - 1
    }

    /// Adds an arc.
    mutating func add(_ from: Int, _ label: Label, _ to: Int) {
        arcs[from].append(Arc(label: label, to: to))
    }
}
