import Foundation
import GRDB

/// A row of `api_token`: a token's name, the hex SHA-256 of its secret, and its creation time.
struct APITokenRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "api_token"
    var id: Int64?
    var name: String
    var hash: String
    var created: Date

    enum Columns {
        static let name = Column(CodingKeys.name)
        static let hash = Column(CodingKeys.hash)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var token: APIToken { APIToken(name: name, created: created) }
}

extension DerivableRequest<APITokenRecord> {
    /// The token called `name`, ignoring case.
    func named(_ name: String) -> Self {
        filter(APITokenRecord.Columns.name.collating(.nocase) == NameMatcher.normalize(name))
    }
}
