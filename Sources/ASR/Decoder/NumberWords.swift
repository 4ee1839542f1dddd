import Foundation

/// The spoken forms of every number in a `SlotList.NumberRange` as a small word graph whose
/// arcs add to the value: the numbers are spelled (`SpokenNumbers.spell`, plus "one hundred and
/// five", "twenty seven hundred", "twenty one and a half", "point five"), put in a prefix tree,
/// their values pushed towards the start and equal sub-trees merged. Digits are never spoken,
/// so they have no place here.
///
/// A path's value is `offset` plus its arcs' `delta`s plus the `finals` residual where it ends.
struct NumberWords: Sendable {
    /// One spoken word and what it adds to the value.
    struct Arc: Sendable {
        let word: String
        let delta: Double
        let to: Int
    }

    /// Outgoing arcs by node.
    let arcs: [[Arc]]
    /// For nodes where a number may end, what the ending adds to the value.
    let finals: [Double?]
    /// The start node.
    let start: Int
    /// Value common to every path (the smallest number of the range).
    let offset: Double

    /// Builds the word graph of `range`.
    init(range: SlotList.NumberRange) {
        let tree = PrefixTree(spellings: Self.values(in: range).flatMap { value in
            Self.spellings(of: value).map { ($0, value) }
        })
        var merger = SubtreeMerger(tree: tree)
        start = merger.merge(0)
        offset = tree.base[0].isFinite ? tree.base[0] : 0
        arcs = merger.arcs
        finals = merger.finals
    }

    // MARK: - Spelling

    /// Every number the range accepts: `from + k * step`, and the fractions it allows.
    static func values(in range: SlotList.NumberRange) -> [Double] {
        var seen = Set<Int64>()
        var values: [Double] = []
        func add(_ value: Double) {
            if seen.insert(Int64((value * 1e6).rounded())).inserted { values.append(value) }
        }
        if range.step > 0 {
            var step = 0.0
            while range.from + step * range.step <= range.to + 1e-9 {
                add(range.from + step * range.step)
                step += 1
            }
        }
        if let denominator = range.fractionDenominator, denominator > 0 {
            let scale = Double(denominator)
            for index in Int((range.from * scale).rounded(.up))...Int((range.to * scale).rounded(.down)) {
                add(Double(index) / scale)
            }
        }
        return values
    }

    /// The word sequences that say `value`.
    static func spellings(of value: Double) -> [[String]] {
        if value < 0 { return spellings(of: -value).map { ["minus"] + $0 } }
        let whole = value.rounded(.down)
        let wholeForms = spellings(ofWhole: Int(whole))
        guard value - whole > 1e-9 else { return wholeForms }
        let canonical = words(SpokenNumbers.spell(value))
        let point = Array(canonical[(canonical.firstIndex(of: "point") ?? canonical.count)...])
        var forms = wholeForms.map { $0 + point }
        if abs(value - whole - 0.5) < 1e-9 { forms += wholeForms.map { $0 + ["and", "a", "half"] } }
        if whole == 0 { forms.append(point) }
        return forms
    }

    private static func spellings(ofWhole number: Int) -> [[String]] {
        let canonical = words(SpokenNumbers.spell(Double(number)))
        var forms = [canonical]
        if let hundred = canonical.firstIndex(of: "hundred"), hundred + 1 < canonical.count,
           canonical[hundred + 1] != "thousand" {
            forms.append(Array(canonical[...hundred]) + ["and"] + canonical[(hundred + 1)...])
        }
        if (1100...9999).contains(number), (number / 100) % 10 != 0 {
            let rest = number % 100
            forms.append(words(SpokenNumbers.spell(Double(number / 100))) + ["hundred"]
                         + (rest == 0 ? [] : words(SpokenNumbers.spell(Double(rest)))))
        }
        return forms
    }

    private static func words(_ text: String) -> [String] {
        text.split(separator: " ").map(String.init)
    }
}

/// Number word graphs by range, built once per range per compilation.
struct NumberWordCache {
    private var built: [SlotList.NumberRange: NumberWords] = [:]

    /// The word graph of `range`.
    mutating func words(for range: SlotList.NumberRange) -> NumberWords {
        if let known = built[range] { return known }
        let words = NumberWords(range: range)
        built[range] = words
        return words
    }
}

// MARK: - Construction

/// A prefix tree of spellings with the value where each ends.
private struct PrefixTree {
    var children: [[String: Int]] = [[:]]
    var value: [Double?] = [nil]
    /// Smallest value ending at or below each node.
    var base: [Double] = []

    init(spellings: [([String], Double)]) {
        for (words, number) in spellings {
            var node = 0
            for word in words {
                if let next = children[node][word] {
                    node = next
                } else {
                    children.append([:])
                    value.append(nil)
                    children[node][word] = children.count - 1
                    node = children.count - 1
                }
            }
            value[node] = number
        }
        base = Array(repeating: .infinity, count: children.count)
        // Children are created after their parents, so a reverse scan sees children first.
        for node in children.indices.reversed() {
            var smallest = value[node] ?? .infinity
            for child in children[node].values { smallest = min(smallest, base[child]) }
            base[node] = smallest
        }
    }
}

/// Merges sub-trees that say the same words with values shifted by a constant.
private struct SubtreeMerger {
    struct Signature: Hashable {
        var final: Int64?
        var arcs: [ArcKey]
    }
    struct ArcKey: Hashable {
        var word: String
        var delta: Int64
        var to: Int
    }

    let tree: PrefixTree
    var arcs: [[NumberWords.Arc]] = []
    var finals: [Double?] = []
    private var classes: [Signature: Int] = [:]

    init(tree: PrefixTree) {
        self.tree = tree
    }

    /// Merges the sub-tree at `node` and returns its class (a node of the merged graph).
    mutating func merge(_ node: Int) -> Int {
        var merged: [NumberWords.Arc] = []
        for (word, child) in tree.children[node].sorted(by: { $0.key < $1.key }) {
            let target = merge(child)
            merged.append(NumberWords.Arc(word: word, delta: Self.clean(tree.base[child] - tree.base[node]), to: target))
        }
        let final = tree.value[node].map { Self.clean($0 - tree.base[node]) }
        let signature = Signature(final: final.map(Self.key),
                                  arcs: merged.map { ArcKey(word: $0.word, delta: Self.key($0.delta), to: $0.to) })
        if let known = classes[signature] { return known }
        arcs.append(merged)
        finals.append(final)
        classes[signature] = arcs.count - 1
        return arcs.count - 1
    }

    private static func clean(_ value: Double) -> Double { (value * 1e9).rounded() / 1e9 }
    private static func key(_ value: Double) -> Int64 { Int64((value * 1e6).rounded()) }
}
