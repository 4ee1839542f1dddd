import Foundation

/// The ids of the last utterances handled, so that a message redelivered after a reconnection (QoS 1
/// delivers at least once) never starts an utterance, and so an action, a second time.
struct RecentUtterances: Sendable {
    let capacity: Int
    private var members: Set<UUID> = []
    private var order: [UUID] = []

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    func contains(_ id: UUID) -> Bool { members.contains(id) }

    /// Remembers `id`, forgetting the oldest id beyond `capacity`.
    mutating func insert(_ id: UUID) {
        guard members.insert(id).inserted else { return }
        order.append(id)
        if order.count > capacity {
            members.remove(order.removeFirst())
        }
    }
}
