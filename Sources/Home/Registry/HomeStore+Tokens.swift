import Crypto
import Foundation
import GRDB

extension HomeStore {
    // MARK: - API tokens

    /// Creates a token: 32 random bytes, shown once as `hub_` + 64 hex digits; only its SHA-256 is stored.
    /// - Parameter name: a name not yet used by another token (case-insensitive).
    /// - Returns: the token as listed, and the secret to hand to the client.
    /// - Throws: ``HomeError`` for an empty or duplicate name.
    public func createToken(name: String) throws -> (token: APIToken, secret: String) {
        let name = Self.clean(name)
        guard !name.isEmpty else { throw HomeError("token name must not be empty") }
        let secret = "hub_" + SymmetricKey(size: .bits256).withUnsafeBytes { Self.hex($0) }
        let token = try write { db in
            if let existing = try APITokenRecord.all().named(name).fetchOne(db) {
                throw HomeError("duplicate token name '\(existing.name)' (revoke it first or pick another name)")
            }
            var record = APITokenRecord(name: name, hash: Self.tokenHash(secret), created: Date())
            try record.insert(db)
            // Read back, so the time is exactly what `tokens()` will return (SQLite keeps milliseconds).
            return try APITokenRecord.fetchOne(db, key: record.id)!.token
        }
        return (token, secret)
    }

    /// All tokens, oldest first.
    public func tokens() throws -> [APIToken] {
        try read { db in try APITokenRecord.order(Column("id")).fetchAll(db).map(\.token) }
    }

    /// Deletes the token called `name`: requests carrying it are refused from now on.
    /// - Throws: ``HomeError`` `unknown token 'phon' (did you mean 'phone'?)`.
    public func revokeToken(_ name: String) throws {
        try write { db in
            guard let record = try APITokenRecord.all().named(name).fetchOne(db) else {
                throw HomeError.unknown("token", name, candidates: try APITokenRecord.fetchAll(db).map(\.name))
            }
            try record.delete(db)
        }
    }

    /// The token whose secret is `secret`, or `nil` if none is (never was, or was revoked).
    public func token(authenticating secret: String) throws -> APIToken? {
        let hash = Self.tokenHash(secret)
        return try read { db in try APITokenRecord.filter(APITokenRecord.Columns.hash == hash).fetchOne(db)?.token }
    }

    /// The stored form of a secret: its SHA-256 in lowercase hex.
    static func tokenHash(_ secret: String) -> String {
        hex(SHA256.hash(data: Data(secret.utf8)))
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
