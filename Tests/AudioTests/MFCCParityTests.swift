import Foundation
import Testing
@testable import Audio

// Swift MFCC against the vectors `training/make_feature_vectors.py` computed with `training/features.py`.
//
// Metric (the same as `features.max_frame_relative_error`): for each frame,
//     max_j |swift_j − python_j| / max(max_j |python_j|, 1e-3),
// the error relative to that frame's largest coefficient; the test takes the maximum over all frames
// and requires it to be ≤ 1e-4. Per-element relative error is meaningless for coefficients near zero,
// and the frame scale is what a model sees.

private struct ReferenceHeader: Decodable {
    struct Vector: Decodable {
        let name: String
        let source: String
        let start_sample: Int
        let sample_count: Int
        let frames: Int
        let coefficients: Int
        let file: String
        let parameters: FeatureParameters
    }
    let vectors: [Vector]
}

/// The vectors of both headers: version-1 parameters, and `isExtended` ones (mel scale or cepstrum set).
private func referenceVectors() throws -> [ReferenceHeader.Vector] {
    try ["mfcc_reference.json", "mfcc_reference_extended.json"].flatMap { header in
        let data = try Data(contentsOf: TestSupport.fixtures.appendingPathComponent(header))
        return try JSONDecoder().decode(ReferenceHeader.self, from: data).vectors
    }
}

/// Frame-relative error as documented above.
func maxFrameRelativeError(_ actual: [[Float]], _ expected: [[Float]]) -> Float {
    zip(actual, expected).map { a, b in
        let scale = max(b.map(abs).max() ?? 0, 1e-3)
        return zip(a, b).map { abs($0 - $1) }.max()! / scale
    }.max() ?? 0
}

@Test(arguments: ["goforward", "librivox", "librivox_normalized", "goforward_variant", "librivox_speech_embedding"])
func swiftMFCCMatchesPythonReference(name: String) throws {
    let vector = try #require(try referenceVectors().first { $0.name == name })
    let path = TestSupport.data(vector.source)
    let audio = try AudioFile.read(path: path)
    let samples = Array(audio[vector.start_sample..<vector.start_sample + vector.sample_count])
    let flat = try TestSupport.readFloat32(TestSupport.fixtures.appendingPathComponent(vector.file))
    let expected = stride(from: 0, to: flat.count, by: vector.coefficients).map { Array(flat[$0..<$0 + vector.coefficients]) }
    #expect(expected.count == vector.frames)

    var mfcc = try MFCC(parameters: vector.parameters)
    let actual = mfcc.process(samples) + mfcc.flush()
    #expect(actual.count == expected.count)
    let error = maxFrameRelativeError(actual, expected)
    print("MFCC parity \(name): max frame-relative error \(error)")
    #expect(error <= 1e-4)
}
