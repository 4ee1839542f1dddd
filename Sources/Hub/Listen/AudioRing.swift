/// The most recent samples of a stream, addressed by their position from the start of the stream.
struct AudioRing {
    private var samples: [Float] = []
    /// Stream position of `samples[0]`.
    private var first = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Samples consumed so far (the stream position after the last sample).
    var position: Int { first + samples.count }

    mutating func append(_ chunk: [Float]) {
        samples.append(contentsOf: chunk)
        let excess = samples.count - capacity
        if excess > capacity / 4 {   // drop in batches, not on every chunk
            samples.removeFirst(excess)
            first += excess
        }
    }

    /// The samples of `range` that are still held.
    func slice(_ range: Range<Int>) -> [Float] {
        let lower = max(range.lowerBound, first) - first
        let upper = min(range.upperBound, position) - first
        return lower < upper ? Array(samples[lower..<upper]) : []
    }
}
