import Foundation
import Testing
@testable import Hub

/// One action per room and window, however many satellites heard the command.
@Suite struct RoomWindowTests {
    let start = ContinuousClock.now

    private func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }

    @Test func twoSatellitesOfOneRoomMakeOneGroupOfWhichTheMostConfidentActs() throws {
        var window = RoomWindow<String>(window: .milliseconds(1500))
        let closed = [
            window.add("a", satellite: "s1", room: "kitchen", confidence: 0.6, now: at(0)),
            window.add("b", satellite: "s2", room: "kitchen", confidence: 0.9, now: at(300)),
            window.add("c", satellite: "s3", room: "bedroom", confidence: 0.5, now: at(400)),
        ]
        #expect(closed.allSatisfy { $0 == nil }, "no group closes early")
        let early = window.due(now: at(1499))
        #expect(early.isEmpty, "the window is still open")
        let due = window.due(now: at(1500))
        let kitchen = try #require(due.first)
        #expect(kitchen.room == "kitchen")
        #expect(kitchen.members.map(\.item) == ["a", "b"])
        #expect(kitchen.best.item == "b")
        let bedroom = window.due(now: at(1900))
        #expect(bedroom.map(\.room) == ["bedroom"])
        let again = window.due(now: at(5000))
        #expect(again.isEmpty, "each group is handed out once")
    }

    @Test func aSecondCommandFromTheSameSatelliteClosesTheGroup() throws {
        var window = RoomWindow<String>(window: .milliseconds(1500))
        _ = window.add("first", satellite: "s1", room: "kitchen", confidence: 0.8, now: at(0))
        let second = window.add("second", satellite: "s1", room: "kitchen", confidence: 0.7, now: at(900))
        let closed = try #require(second)
        #expect(closed.members.map(\.item) == ["first"])
        let due = window.due(now: at(2400))
        #expect(due.map { $0.members.map(\.item) } == [["second"]])
    }

    @Test func aHeldGroupStaysOpen() {
        var window = RoomWindow<String>(window: .milliseconds(100))
        _ = window.add("a", satellite: "s1", room: "kitchen", confidence: 0.8, now: at(0))
        let held = window.due(now: at(150)) { _ in true }
        #expect(held.isEmpty)
        _ = window.add("b", satellite: "s2", room: "kitchen", confidence: 0.9, now: at(160))
        let due = window.due(now: at(170))
        #expect(due.map { $0.best.item } == ["b"])
    }

    @Test func laterCommandsOpenANewWindow() {
        var window = RoomWindow<String>(window: .milliseconds(100))
        _ = window.add("a", satellite: "s1", room: "kitchen", confidence: 0.8, now: at(0))
        let first = window.due(now: at(100))
        #expect(first.count == 1)
        _ = window.add("b", satellite: "s2", room: "kitchen", confidence: 0.8, now: at(150))
        let rest = window.drain()
        #expect(rest.map { $0.members.map(\.item) } == [["b"]])
    }

    @Test func handledUtterancesAreRememberedUpToTheCapacity() {
        var recent = RecentUtterances(capacity: 2)
        let ids = (0..<3).map { _ in UUID() }
        recent.insert(ids[0])
        recent.insert(ids[1])
        recent.insert(ids[1])
        #expect(recent.contains(ids[0]) && recent.contains(ids[1]))
        recent.insert(ids[2])
        #expect(!recent.contains(ids[0]), "the oldest is forgotten")
        #expect(recent.contains(ids[1]) && recent.contains(ids[2]))
    }
}
