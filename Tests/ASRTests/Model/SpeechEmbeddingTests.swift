import Foundation
import Testing
@testable import ASR

/// The format-2 model of `training/make_test_models.py`: the speech embedding under a random head.
@Suite struct SpeechEmbeddingTests {
    struct Reference: Decodable {
        struct Tolerance: Decodable {
            let embedding_relative: Float
            let logits_abs: Float
        }
        let input_frames: [[Float]]
        let first_embedding: [Float]
        let logits: [[Float]]
        let tolerance: Tolerance
    }

    static let folder = TestPaths.fixtures.appendingPathComponent("models")

    static func model() throws -> AcousticModel {
        try AcousticModel(bytes: [UInt8](Data(contentsOf: folder.appendingPathComponent("encoder.bin"))), origin: "encoder.bin")
    }

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: folder.appendingPathComponent("encoder-reference.json")))
    }

    @Test func loadsAVersionTwoModel() throws {
        let model = try Self.model()
        #expect(model.encoder?.layers.count == 20)
        #expect(model.stack == 76 && model.stride == 2)
        #expect(model.paddingSeconds == 0.4)
        #expect(model.features.cepstrum == .logMel)
    }

    @Test func firstEmbeddingMatchesThePythonReference() throws {
        let model = try Self.model()
        let reference = try Self.reference()
        var stream = EmbeddingStream(embedding: try #require(model.encoder), hop: 2)
        var outputs: [[Float]] = []
        for frame in reference.input_frames[..<76] { outputs += stream.push(frame) }
        let first = try #require(outputs.first)
        #expect(outputs.count == 1)
        let scale = reference.first_embedding.map(abs).max() ?? 1
        let worst = zip(first, reference.first_embedding).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst / scale <= reference.tolerance.embedding_relative, "max |Δ| = \(worst) of \(scale)")
    }

    @Test func logitsMatchThePythonReference() throws {
        let model = try Self.model()
        let reference = try Self.reference()
        var stream = AcousticStream(model: model)
        let logits = stream.process(reference.input_frames)
        #expect(logits.count == reference.logits.count)
        let worst = zip(logits, reference.logits).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? .infinity
        #expect(worst <= reference.tolerance.logits_abs, "max |Δlogit| = \(worst)")
    }

    @Test(arguments: [2, 4, 8])
    func everyHopGivesTheWindowsOfItsStarts(hop: Int) throws {
        let model = try Self.model()
        let frames = try Self.reference().input_frames
        var stream = EmbeddingStream(embedding: try #require(model.encoder), hop: hop)
        let streamed = frames.flatMap { stream.push($0) }
        #expect(streamed.count == (frames.count - 76) / hop + 1)
        // Embedding j is the window starting at frame hop·j, computed alone.
        for (j, embedding) in streamed.enumerated() {
            var alone = EmbeddingStream(embedding: try #require(model.encoder), hop: 8)
            let window = frames[(hop * j)..<(hop * j + 76)].flatMap { alone.push($0) }
            let expected = try #require(window.first)
            let worst = zip(embedding, expected).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst <= 1e-3, "hop \(hop), j \(j): max |Δ| = \(worst)")
        }
    }

    @Test(arguments: [1, 3, 10])
    func streamingDoesNotDependOnChunkSize(chunk: Int) throws {
        let model = try Self.model()
        let frames = try Self.reference().input_frames
        var whole = AcousticStream(model: model)
        let expected = whole.process(frames)
        var chunked = AcousticStream(model: model)
        var logits: [[Float]] = []
        for start in stride(from: 0, to: frames.count, by: chunk) {
            logits += chunked.process(Array(frames[start..<min(start + chunk, frames.count)]))
        }
        #expect(logits == expected)
    }
}
