/// Why a model file was rejected, naming what was wrong and where.
public struct ModelError: Error, CustomStringConvertible, Equatable {
    /// The file (or "<memory>") and the problem, e.g. `models/am.bin: bad magic "HUBAMODX" (expected "HUBAMODL")`.
    public let description: String

    init(_ origin: String, _ problem: String) {
        description = "\(origin): \(problem)"
    }
}
