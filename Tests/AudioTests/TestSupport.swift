import Foundation
import Testing
@testable import Audio

/// Paths and helpers shared by the Audio tests.
enum TestSupport {
    /// The package root, found from this file's location.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data` beside the package (the CI layout).
    static let sharedData = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")

    /// Committed fixtures of the Audio tests.
    static let fixtures = packageRoot.appendingPathComponent("Tests/AudioTests/Fixtures")

    /// Absolute path of `relative` inside the shared data folder.
    static func data(_ relative: String) -> String { sharedData.appendingPathComponent(relative).path }

    /// A fresh temporary directory, removed by the caller with `cleanUp`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("audio-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Headerless s16le samples as floats in [-1, 1].
    static func readS16LE(_ path: String) throws -> [Float] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.withUnsafeBytes { raw in
            (0..<data.count / 2).map { Float(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: Int16.self))) / 32768 }
        }
    }

    /// Little-endian float32 values of a fixture file.
    static func readFloat32(_ url: URL) throws -> [Float] {
        let data = try Data(contentsOf: url)
        return data.withUnsafeBytes { raw in
            (0..<data.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
    }

    /// A sine of `frequency` Hz at `rate`, `count` samples long.
    static func sine(frequency: Double, rate: Int, count: Int, amplitude: Float = 0.5) -> [Float] {
        (0..<count).map { amplitude * Float(sin(2 * Double.pi * frequency * Double($0) / Double(rate))) }
    }

    /// Root-mean-square of `samples`.
    static func rms<C: Collection>(_ samples: C) -> Float where C.Element == Float {
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0) { $0 + $1 * $1 } / Float(samples.count)).squareRoot()
    }
}
