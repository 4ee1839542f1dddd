import Foundation
import Testing
@testable import Hub

/// One action per room and window, however many satellites heard the command.
@Suite struct RoomWindowTests {
    let start = ContinuousClock.now

    private func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }

    @Test func twoSatellitesOfOneRoomMakeOneGroupOfWhichTheMostConfidentActs() throws {
        var window = RoomWindow<String>(window: .milliseconds(1500))
        #expect(window.add("a", satellite: "kitchen", room: "kitchen", confidence: 0.6, now: at(0)) == nil)
        #expect(window.add("b", satellite: "kitchen-2", room: "kitchen", confidence: 0.9, now: at(300)) == nil)
        #expect(window.add("c", satellite: "bedroom", room: "bedroom", confidence: 0.5, now: at(400)) == nil)
        #expect(window.due(now: at(1499)).isEmpty, "the window is still open")
        let kitchen = try #require(window.due(now: at(1500)).first)
        #expect(kitchen.room == "kitchen")
        #expect(kitchen.members.map(\.item) == ["a", "b"])
        #expect(kitchen.best.item == "b")
        #expect(window.due(now: at(1900)).map(\.room) == ["bedroom"])
        #expect(window.due(now: at(5000)).isEmpty, "each group is handed out once")
    }

    @Test func aSecondCommandFromTheSameSatelliteClosesTheGroup() throws {
        var window = RoomWindow<String>(window: .milliseconds(1500))
        _ = window.add("first", satellite: "kitchen", room: "kitchen", confidence: 0.8, now: at(0))
        let closed = try #require(window.add("second", satellite: "kitchen", room: "kitchen", confidence: 0.7, now: at(900)))
        #expect(closed.members.map(\.item) == ["first"])
        let next = try #require(window.due(now: at(2400)).first)
        #expect(next.members.map(\.item) == ["second"])
    }

    @Test func aHeldGroupStaysOpen() {
        var window = RoomWindow<String>(window: .milliseconds(100))
        _ = window.add("a", satellite: "s1", room: "kitchen", confidence: 0.8, now: at(0))
        #expect(window.due(now: at(150)) { _ in true }.isEmpty)
        _ = window.add("b", satellite: "s2", room: "kitchen", confidence: 0.9, now: at(160))
        #expect(window.due(now: at(170)).map { $0.best.item } == ["b"])
    }

    @Test func laterCommandsOpenANewWindow() {
        var window = RoomWindow<String>(window: .milliseconds(100))
        _ = window.add("a", satellite: "s1", room: "kitchen", confidence: 0.8, now: at(0))
        #expect(window.due(now: at(100)).count == 1)
        _ = window.add("b", satellite: "s2", room: "kitchen", confidence: 0.8, now: at(150))
        #expect(window.drain().map { $0.members.map(\.item) } == [["b"]])
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
