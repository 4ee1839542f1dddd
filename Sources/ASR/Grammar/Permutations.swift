extension Array {
    /// Every ordering of the elements, those starting with the first element first: what a template
    /// permutation `(a; b; c)` expands to for matching, sampling and the speech decoder.
    func permutations() -> [[Element]] {
        guard count > 1 else { return [self] }
        return indices.flatMap { index -> [[Element]] in
            var rest = self
            let item = rest.remove(at: index)
            return rest.permutations().map { [item] + $0 }
        }
    }
}
