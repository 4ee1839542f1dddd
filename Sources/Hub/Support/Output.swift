import Foundation

/// Prints results either as text for people or as one JSON document for programs.
enum Output {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// Encodes `value` as compact, key-sorted JSON on one line.
    static func jsonLine<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Prints `value` as JSON when `json` is set, otherwise the text `describe` returns.
    static func emit<T: Encodable>(_ value: T, json: Bool, describe: (T) -> String) throws {
        print(json ? try jsonLine(value) : describe(value))
    }
}
