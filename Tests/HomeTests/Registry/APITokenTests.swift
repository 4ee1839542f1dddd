import Foundation
import GRDB
import Testing
@testable import Home

@Suite struct APITokenTests {
    @Test func aCreatedTokenAuthenticatesAndOnlyItsHashIsStored() throws {
        let store = try HomeStore.inMemory()
        let (token, secret) = try store.createToken(name: "  dashboard ")
        #expect(token.name == "dashboard")
        #expect(secret.hasPrefix("hub_") && secret.count == 4 + 64)
        #expect(try store.token(authenticating: secret) == token)
        #expect(try store.tokens() == [token])
        #expect(try store.token(authenticating: secret + "0") == nil)
        #expect(try store.token(authenticating: "") == nil)
        let stored = try store.read { db in try String.fetchAll(db, sql: "SELECT hash FROM api_token") }
        #expect(stored == [HomeStore.tokenHash(secret)])
        #expect(!stored[0].contains(secret.dropFirst(4)))
    }

    @Test func secretsDiffer() throws {
        let store = try HomeStore.inMemory()
        let first = try store.createToken(name: "a").secret
        let second = try store.createToken(name: "b").secret
        #expect(first != second)
        #expect(try store.tokens().map(\.name) == ["a", "b"])
    }

    @Test func duplicateAndEmptyNamesAreRefused() throws {
        let store = try HomeStore.inMemory()
        _ = try store.createToken(name: "phone")
        #expect(homeErrorMessage { _ = try store.createToken(name: "Phone") } == "duplicate token name 'phone' (revoke it first or pick another name)")
        #expect(homeErrorMessage { _ = try store.createToken(name: "  ") } == "token name must not be empty")
        #expect(try store.tokens().count == 1)
    }

    @Test func revokedTokensNoLongerAuthenticate() throws {
        let store = try HomeStore.inMemory()
        let (_, secret) = try store.createToken(name: "phone")
        #expect(homeErrorMessage { try store.revokeToken("phon") } == "unknown token 'phon' (did you mean 'phone'?)")
        try store.revokeToken("PHONE")
        #expect(try store.token(authenticating: secret) == nil)
        #expect(try store.tokens().isEmpty)
    }

    @Test func theHashIsSHA256() {
        // printf 'abc' | sha256sum
        #expect(HomeStore.tokenHash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
