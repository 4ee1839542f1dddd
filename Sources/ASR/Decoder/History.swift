/// One step of a search path's output: a tag sequence taken at `frame`, with the path score
/// accumulated before that frame. Paths share their pasts, so this is a persistent list.
final class History: Sendable {
    /// `TagTable` list id of the tags taken.
    let tags: Int32
    /// The frame whose emission followed the tags.
    let frame: Int32
    /// Path score up to, not including, `frame`.
    let score: Float
    /// The step before, or nil at the start of the path.
    let previous: History?

    init(tags: Int32, frame: Int32, score: Float, previous: History?) {
        self.tags = tags
        self.frame = frame
        self.score = score
        self.previous = previous
    }

    /// The steps oldest first.
    var inOrder: [History] {
        var steps: [History] = []
        var step: History? = self
        while let current = step {
            steps.append(current)
            step = current.previous
        }
        return steps.reversed()
    }
}
