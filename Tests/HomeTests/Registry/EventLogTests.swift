import Foundation
import Testing
@testable import Home

@Suite struct EventLogTests {
    @Test func logsAndReadsBackEveryField() throws {
        let store = try HomeStore.inMemory()
        let time = Date(timeIntervalSince1970: 1_700_000_000)
        let logged = try store.log(Event(
            time: time, source: .voice, text: "turn on the kitchen light", intent: "HassTurnOn",
            slots: ["name": .string("kitchen light"), "brightness": .int(40)], targets: ["kitchen light"],
            outcome: "Turned on the kitchen light", confidence: 0.875))
        #expect(logged.id != nil)
        let read = try #require(try store.events(limit: 1).first)
        #expect(read == logged)
        #expect(read.succeeded)
    }

    @Test func newestNOldestFirstAndFollowing() throws {
        let store = try HomeStore.inMemory()
        for index in 1...5 {
            try store.log(Event(source: .cli, text: "event \(index)", outcome: "ok"))
        }
        #expect(try store.events(limit: 2).map(\.text) == ["event 4", "event 5"])
        let third = try #require(try store.events(limit: 3).first?.id)
        #expect(try store.events(after: third).map(\.text) == ["event 4", "event 5"])
        #expect(try store.events(after: third + 2).isEmpty)
    }

    @Test func anEventIsEitherASuccessOrAFailure() throws {
        let store = try HomeStore.inMemory()
        #expect(homeErrorMessage { try store.log(Event(source: .api, text: "both", outcome: "ok", error: "bad")) }?
            .contains("CHECK constraint failed") == true)
        try store.log(Event(source: .api, text: "failed", error: "unknown device 'x'"))
        #expect(try store.events().map(\.succeeded) == [false])
    }
}
