import Foundation

/// `hub/<site>/audio/start`: a satellite heard speech and starts an utterance.
///
/// `{"utterance":"<UUID>","site":"kitchen","satellite":"<UUID>","sample_rate":16000,"format":"s16le"}`;
/// `satellite`, random per satellite process, tells apart satellites that share a site (two microphones in one kitchen).
struct UtteranceStart: Codable, Equatable, Sendable {
    /// The only sample rate and format the hub accepts.
    static let sampleRate = 16_000
    static let format = "s16le"

    var utterance: UUID
    var site: String
    var satellite: String
    var sampleRate = Self.sampleRate
    var format = Self.format

    enum CodingKeys: String, CodingKey {
        case utterance, site, satellite, format
        case sampleRate = "sample_rate"
    }

    /// Checks the audio format.
    /// - Throws: ``SatelliteError`` naming the unsupported rate or format.
    func validate() throws {
        guard sampleRate == Self.sampleRate, format == Self.format else {
            throw SatelliteError("utterance \(utterance) from '\(site)': unsupported audio \(sampleRate) Hz \(format) (expected \(Self.sampleRate) Hz \(Self.format))")
        }
    }
}

/// `hub/<site>/audio/end`: the utterance is over after `frames` frames (sequence numbers 0..<frames).
///
/// `{"utterance":"<UUID>","frames":42}`
struct UtteranceEnd: Codable, Equatable, Sendable {
    var utterance: UUID
    var frames: Int
}

/// JSON coding shared by every satellite message.
enum SatelliteJSON {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// Decodes a message payload.
    /// - Throws: ``SatelliteError`` naming the topic and quoting the start of the payload.
    static func decode<T: Decodable>(_ type: T.Type, from payload: Data, topic: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: payload)
        } catch {
            throw SatelliteError("bad JSON on '\(topic)': \(String(decoding: payload.prefix(80), as: UTF8.self))")
        }
    }
}
