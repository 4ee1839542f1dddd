import Testing
@testable import Hub

@Test func moduleLoads() {
    #expect(Bool(true))
}
