/// Reads little-endian fields from a byte buffer, throwing ``ModelError`` past its end.
struct ByteReader {
    let bytes: [UInt8]
    let origin: String
    var offset: Int

    init(_ bytes: [UInt8], origin: String, offset: Int = 0) {
        self.bytes = bytes
        self.origin = origin
        self.offset = offset
    }

    mutating func take(_ count: Int, _ what: String) throws -> ArraySlice<UInt8> {
        guard count >= 0, offset + count <= bytes.count else {
            throw ModelError(origin, "truncated: \(what) at byte \(offset) needs \(count) bytes, file has \(bytes.count)")
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func u8(_ what: String) throws -> UInt8 { try take(1, what).first! }

    mutating func u16(_ what: String) throws -> UInt16 { UInt16(try littleEndian(2, what)) }

    mutating func u32(_ what: String) throws -> UInt32 { UInt32(try littleEndian(4, what)) }

    mutating func u64(_ what: String) throws -> UInt64 { try littleEndian(8, what) }

    /// A u32 that must fit an `Int` index or count comfortably.
    mutating func count(_ what: String, max: Int = 1 << 24) throws -> Int {
        let value = Int(try u32(what))
        guard value <= max else { throw ModelError(origin, "\(what) \(value) is absurd (at most \(max))") }
        return value
    }

    mutating func align(to multiple: Int, relativeTo base: Int = 0) throws {
        let padding = (multiple - (offset - base) % multiple) % multiple
        _ = try take(padding, "padding")
    }

    private mutating func littleEndian(_ size: Int, _ what: String) throws -> UInt64 {
        try take(size, what).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}
