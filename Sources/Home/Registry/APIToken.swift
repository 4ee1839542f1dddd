import Foundation

/// A named bearer token for the hub's HTTP API, as listed: the secret itself is never stored, only its
/// SHA-256 hash, so a lost token cannot be shown again, only revoked and replaced.
public struct APIToken: Codable, Equatable, Sendable {
    /// The token's unique name (case-insensitive), e.g. "dashboard" or "phone".
    public var name: String
    /// When it was created.
    public var created: Date

    /// Creates a token value.
    public init(name: String, created: Date) {
        self.name = name
        self.created = created
    }
}
