/// Puts one utterance's frames back in order: frames may arrive twice (QoS 1 redelivery) or, after a
/// reconnection, out of order; samples come out exactly once, in sequence order.
struct UtteranceAssembler: Sendable {
    /// The next sequence number to hand out.
    private(set) var next: UInt32 = 0
    /// The frame count announced by `end`, once it has arrived.
    private(set) var expected: UInt32?
    private var waiting: [UInt32: [Int16]] = [:]

    /// Takes a frame; returns the samples now in order (this frame's and any it unblocked), or none
    /// for a duplicate, a frame past the announced end, or one that must wait for an earlier frame.
    mutating func add(_ frame: AudioFrame) -> [[Int16]] {
        guard frame.sequence >= next, expected.map({ frame.sequence < $0 }) ?? true else { return [] }
        waiting[frame.sequence] = frame.samples
        var ready: [[Int16]] = []
        while let samples = waiting.removeValue(forKey: next) {
            ready.append(samples)
            next += 1
        }
        return ready
    }

    /// Records the frame count of the utterance's `end` message.
    mutating func end(frames: Int) {
        expected = UInt32(clamping: max(0, frames))
        waiting = waiting.filter { $0.key < expected! }
    }

    /// Whether `end` arrived and every frame before it has been handed out.
    var isComplete: Bool { expected.map { next >= $0 } ?? false }

    /// The sequence numbers still missing before the announced end.
    var missing: [UInt32] {
        guard let expected, next < expected else { return [] }
        return (next..<expected).filter { waiting[$0] == nil }
    }
}
