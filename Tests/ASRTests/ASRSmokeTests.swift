import Testing
@testable import ASR

@Test func moduleLoads() {
    #expect(Bool(true))
}
