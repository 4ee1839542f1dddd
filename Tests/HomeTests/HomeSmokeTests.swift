import Testing
@testable import Home

@Test func moduleLoads() {
    #expect(Bool(true))
}
