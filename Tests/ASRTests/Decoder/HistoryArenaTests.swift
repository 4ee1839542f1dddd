import Testing
@testable import ASR

/// The search's path histories: shared pasts, read back oldest first, compaction.
@Suite struct HistoryArenaTests {
    @Test func pathsShareTheirPastAndReadOldestFirst() {
        var arena = HistoryArena()
        let root = arena.append(tags: 1, frame: 0, previous: HistoryArena.none)
        let left = arena.append(tags: 2, frame: 3, previous: root)
        let right = arena.append(tags: 3, frame: 4, previous: root)
        #expect(arena.path(to: left).map(\.tags) == [1, 2])
        #expect(arena.path(to: right).map(\.tags) == [1, 3])
        #expect(arena.path(to: HistoryArena.none).isEmpty)
    }

    @Test func compactionDropsUnreachedStepsAndKeepsPaths() {
        var arena = HistoryArena()
        var newest = HistoryArena.none
        var dead: [Int32] = []
        for index in 0..<10 {
            newest = arena.append(tags: Int32(index + 1), frame: Int32(index), previous: newest)
            dead.append(arena.append(tags: 100, frame: Int32(index), previous: newest))
        }
        let before = arena.path(to: newest)
        var live = [newest, HistoryArena.none, dead[4]]
        arena.compact(keeping: &live)
        #expect(arena.steps.count == 11)  // the ten steps of the long path and one branch
        #expect(live[1] == HistoryArena.none)
        let after = arena.path(to: live[0])
        #expect(after.map(\.tags) == before.map(\.tags))
        #expect(after.map(\.frame) == before.map(\.frame))
        #expect(arena.path(to: live[2]).map(\.tags) == [1, 2, 3, 4, 5, 100])
    }
}
