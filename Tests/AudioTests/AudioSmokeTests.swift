import Testing
@testable import Audio

@Test func moduleLoads() {
    #expect(Bool(true))
}
