/// Case-insensitive name normalisation and "did you mean" suggestions by edit distance.
enum NameMatcher {
    /// The form names are compared in: trimmed, lowercased, inner whitespace collapsed.
    static func normalize(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The closest candidate to `name`, if it is close enough to be a likely typo.
    static func suggestion(for name: String, among candidates: [String]) -> String? {
        let target = normalize(name)
        guard !target.isEmpty else { return nil }
        let threshold = max(1, target.count / 3)
        let scored = candidates
            .map { (candidate: $0, distance: distance(target, normalize($0))) }
            .filter { $0.distance <= threshold }
        return scored.min { ($0.distance, $0.candidate) < ($1.distance, $1.candidate) }?.candidate
    }

    /// Levenshtein distance between two strings, by characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
