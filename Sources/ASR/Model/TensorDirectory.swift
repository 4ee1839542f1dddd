/// The named tensors of a model file (§3 of `docs/model-format.md`), checked as they are taken.
struct TensorDirectory {
    private enum DType: UInt8 { case f32 = 1, i8 = 2 }

    private struct Entry {
        let dtype: DType
        let shape: [Int]
        let bytes: ArraySlice<UInt8>
    }

    private let entries: [String: Entry]
    private let origin: String
    private var used: Set<String> = []

    init(reader: inout ByteReader, count: Int, fileSize: Int) throws {
        origin = reader.origin
        var entries: [String: Entry] = [:]
        var end = 0
        for index in 0..<count {
            let nameLength = Int(try reader.u8("tensor \(index) name length"))
            let name = String(decoding: try reader.take(nameLength, "tensor \(index) name"), as: UTF8.self)
            let code = try reader.u8("\(name) dtype")
            guard let dtype = DType(rawValue: code) else { throw ModelError(origin, "tensor \(name): unknown dtype \(code)") }
            let ndim = Int(try reader.u8("\(name) ndim"))
            guard (1...4).contains(ndim) else { throw ModelError(origin, "tensor \(name): ndim \(ndim) (expected 1 to 4)") }
            _ = try reader.u16("\(name) reserved")
            let shape = try (0..<ndim).map { _ in try reader.count("\(name) shape") }
            let offset = try reader.u64("\(name) offset")
            let size = try reader.u64("\(name) size")
            let expected = shape.reduce(1, *) * (dtype == .f32 ? 4 : 1)
            guard size == UInt64(expected) else {
                throw ModelError(origin, "tensor \(name): byte size \(size) != \(expected) for shape \(shape)")
            }
            guard offset % 64 == 0 else { throw ModelError(origin, "tensor \(name): offset \(offset) is not 64-byte aligned") }
            guard offset + size <= UInt64(fileSize) else {
                throw ModelError(origin, "truncated: tensor \(name) ends at byte \(offset + size), file has \(fileSize)")
            }
            guard entries[name] == nil else { throw ModelError(origin, "tensor \(name) appears twice") }
            let start = Int(offset)
            entries[name] = Entry(dtype: dtype, shape: shape, bytes: reader.bytes[start..<start + expected])
            end = max(end, start + expected)
        }
        try reader.align(to: 64)
        guard fileSize <= (end + 63) / 64 * 64 else {
            throw ModelError(origin, "\(fileSize - end) unexpected bytes after the last tensor")
        }
        self.entries = entries
    }

    /// An int8 weight matrix with its per-row scales and float bias.
    mutating func linear(_ weight: String, bias: String, rows: Int, columns: Int) throws -> QuantizedLinear {
        let values = try take(weight, .i8, shape: [rows, columns])
        let weights = values.map { Int8(bitPattern: $0) }
        if let bad = weights.firstIndex(of: -128) {
            throw ModelError(origin, "tensor \(weight): value -128 at index \(bad) (weights lie in -127…127)")
        }
        return QuantizedLinear(
            weights: weights, rows: rows, columns: columns,
            scales: floats(try take(weight + ".scale", .f32, shape: [rows])),
            bias: floats(try take(bias, .f32, shape: [rows])))
    }

    /// A float32 tensor of exactly `shape`, flattened row-major.
    mutating func floats(_ name: String, shape: [Int]) throws -> [Float] {
        floats(try take(name, .f32, shape: shape))
    }

    /// An int8 tensor of exactly `shape`, flattened row-major, with values in -127…127.
    mutating func int8s(_ name: String, shape: [Int]) throws -> [Int8] {
        let values = try take(name, .i8, shape: shape).map { Int8(bitPattern: $0) }
        if let bad = values.firstIndex(of: -128) {
            throw ModelError(origin, "tensor \(name): value -128 at index \(bad) (weights lie in -127…127)")
        }
        return values
    }

    /// Throws for a tensor the model does not use (a file for another architecture).
    func checkAllUsed() throws {
        if let unknown = Set(entries.keys).subtracting(used).sorted().first {
            throw ModelError(origin, "unknown tensor \(unknown)")
        }
    }

    private mutating func take(_ name: String, _ dtype: DType, shape: [Int]) throws -> ArraySlice<UInt8> {
        guard let entry = entries[name] else { throw ModelError(origin, "missing tensor \(name)") }
        guard entry.dtype == dtype else { throw ModelError(origin, "tensor \(name): dtype \(entry.dtype) (expected \(dtype))") }
        guard entry.shape == shape else { throw ModelError(origin, "tensor \(name): wrong shape, got \(entry.shape) expected \(shape)") }
        used.insert(name)
        return entry.bytes
    }

    private func floats(_ bytes: ArraySlice<UInt8>) -> [Float] {
        stride(from: bytes.startIndex, to: bytes.endIndex, by: 4).map { index in
            Float(bitPattern: UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
                | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24)
        }
    }
}
