/// Groups commands heard in one room within a short window, so that two satellites hearing the same
/// command trigger one action.
///
/// The first command from a room opens a window of `window`; commands from other satellites of the same
/// room join it. When the window closes, the group is handed out and the caller acts on its most
/// confident member. A second command from a satellite already in the group is a new command: it closes
/// the group early and opens the next one.
struct RoomWindow<Item: Sendable>: Sendable {
    /// One room's commands within one window.
    struct Group: Sendable {
        let room: String
        let deadline: ContinuousClock.Instant
        var members: [Member]

        /// The most confident member (the first one on a tie).
        var best: Member { members.max { $0.confidence < $1.confidence }! }
    }

    /// One satellite's command.
    struct Member: Sendable {
        let satellite: String
        let confidence: Double
        let item: Item
    }

    let window: Duration
    private var open: [String: Group] = [:]

    init(window: Duration) {
        self.window = window
    }

    /// Adds a command `satellite` heard in `room`; returns a group it closed early (same satellite twice).
    mutating func add(_ item: Item, satellite: String, room: String, confidence: Double, now: ContinuousClock.Instant) -> Group? {
        let member = Member(satellite: satellite, confidence: confidence, item: item)
        var closed: Group?
        if let group = open[room], group.members.contains(where: { $0.satellite == satellite }) {
            closed = open.removeValue(forKey: room)
        }
        open[room, default: Group(room: room, deadline: now + window, members: [])].members.append(member)
        return closed
    }

    /// Removes and returns the groups whose window has closed by `now`, earliest first.
    /// - Parameter holding: keeps a closed group open a while longer (another satellite of its room is
    ///   still sending the same command).
    mutating func due(now: ContinuousClock.Instant, holding: (Group) -> Bool = { _ in false }) -> [Group] {
        let due = open.values.filter { $0.deadline <= now && !holding($0) }.sorted { $0.deadline < $1.deadline }
        for group in due { open[group.room] = nil }
        return due
    }

    /// Removes and returns every open group (at shutdown).
    mutating func drain() -> [Group] {
        defer { open = [:] }
        return open.values.sorted { $0.deadline < $1.deadline }
    }
}
