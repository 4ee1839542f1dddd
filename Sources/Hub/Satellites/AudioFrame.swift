import Foundation

/// `hub/<site>/audio/frame`: one chunk of an utterance's audio.
///
/// Byte layout (all frames of all sites share one topic per site, so the id travels in the payload):
/// 1. version, 1 byte: 1
/// 2. utterance id, 16 bytes: the UUID's raw bytes
/// 3. sequence number, 4 bytes, unsigned big-endian: 0, 1, 2… within the utterance
/// 4. samples: 16 kHz mono signed 16-bit little-endian PCM (an even number of bytes, possibly none)
struct AudioFrame: Equatable, Sendable {
    static let version: UInt8 = 1
    static let headerSize = 1 + 16 + 4

    var utterance: UUID
    var sequence: UInt32
    /// Samples as 16-bit integers.
    var samples: [Int16]

    init(utterance: UUID, sequence: UInt32, samples: [Int16]) {
        self.utterance = utterance
        self.sequence = sequence
        self.samples = samples
    }

    /// A frame of float samples in [-1, 1] (clipped, rounded to 16 bits).
    init(utterance: UUID, sequence: UInt32, floats: [Float]) {
        self.init(utterance: utterance, sequence: sequence, samples: floats.map {
            Int16((max(-1, min(1, $0)) * 32767).rounded())
        })
    }

    /// 16-bit samples as floats in [-1, 1].
    static func floats(_ samples: [Int16]) -> [Float] { samples.map { Float($0) / 32768 } }

    /// The payload bytes.
    func encoded() -> Data {
        var data = Data(capacity: Self.headerSize + samples.count * 2)
        data.append(Self.version)
        withUnsafeBytes(of: utterance.uuid) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: sequence.bigEndian) { data.append(contentsOf: $0) }
        for sample in samples {
            withUnsafeBytes(of: sample.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// Parses a payload.
    /// - Throws: ``SatelliteError`` for a short payload, an unknown version or an odd number of sample bytes.
    init(decoding payload: Data) throws {
        let bytes = [UInt8](payload)
        guard bytes.count >= Self.headerSize else {
            throw SatelliteError("audio frame of \(bytes.count) bytes is shorter than its \(Self.headerSize)-byte header")
        }
        guard bytes[0] == Self.version else {
            throw SatelliteError("audio frame version \(bytes[0]) is not supported (expected \(Self.version))")
        }
        guard (bytes.count - Self.headerSize) % 2 == 0 else {
            throw SatelliteError("audio frame has \(bytes.count - Self.headerSize) sample bytes, not a whole number of 16-bit samples")
        }
        let id = (bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8],
                  bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15], bytes[16])
        utterance = UUID(uuid: id)
        sequence = bytes[17...20].reduce(0) { $0 << 8 | UInt32($1) }
        samples = stride(from: Self.headerSize, to: bytes.count, by: 2).map {
            Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8)
        }
    }
}
