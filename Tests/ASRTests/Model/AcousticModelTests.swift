import Foundation
import Testing
@testable import ASR

/// The committed test models and reference vectors of `training/make_test_models.py`.
private enum ModelFixtures {
    static let folder = TestPaths.fixtures.appendingPathComponent("models")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    struct Reference: Decodable {
        struct FirstStep: Decodable {
            let q: [Int]
            let scale: Double
            let acc_gru0_w_ih: [Int]
        }
        struct Tolerance: Decodable { let logits_abs: Float }
        let input_frames: [[Float]]
        let first_step: FirstStep
        let logits: [[Float]]
        let tolerance: Tolerance
    }

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: folder.appendingPathComponent("reference.json")))
    }
}

@Suite struct AcousticModelTests {
    @Test func loadsTheTinyModel() throws {
        let model = try AcousticModel(bytes: ModelFixtures.bytes("tiny.bin"), origin: "tiny.bin")
        #expect(model.symbols.first == "<blank>")
        #expect(model.inputDimension == model.stack * model.features.cepstralCoefficients)
        #expect(model.layers.count >= 1)
    }

    @Test(arguments: [
        ("bad-magic.bin", "bad magic"),
        ("bad-version.bin", "unsupported model format version"),
        ("bad-checksum.bin", "checksum mismatch"),
        ("truncated.bin", "truncated"),
        ("wrong-shape.bin", "tensor gru.0.w_hh: byte size 768 != 720 for shape [48, 15]"),
    ])
    func rejectsBrokenFiles(file: String, problem: String) throws {
        let error = #expect(throws: ModelError.self) {
            try AcousticModel(bytes: ModelFixtures.bytes(file), origin: file)
        }
        #expect(error?.description.hasPrefix("\(file): ") == true)
        #expect(error?.description.contains(problem) == true, "\(String(describing: error))")
    }

    @Test func firstStepQuantizationIsBitExact() throws {
        let model = try AcousticModel(bytes: ModelFixtures.bytes("tiny.bin"))
        let reference = try ModelFixtures.reference()
        let input = Array(reference.input_frames[0..<model.stack].joined())
        var quantized = [Int8](repeating: 0, count: input.count)
        let scale = Quantizer.quantize(input, into: &quantized)
        #expect(quantized.map(Int.init) == reference.first_step.q)
        #expect(scale == Float(reference.first_step.scale))
    }

    @Test func logitsMatchThePythonReference() throws {
        let model = try AcousticModel(bytes: ModelFixtures.bytes("tiny.bin"))
        let reference = try ModelFixtures.reference()
        var stream = AcousticStream(model: model)
        let logits = stream.process(reference.input_frames)
        #expect(logits.count == reference.logits.count)
        let worst = zip(logits, reference.logits).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? .infinity
        #expect(worst <= reference.tolerance.logits_abs, "max |Δlogit| = \(worst)")
    }

    @Test(arguments: [1, 2, 3, 5, 7])
    func streamingDoesNotDependOnChunkSize(chunk: Int) throws {
        let model = try AcousticModel(bytes: ModelFixtures.bytes("tiny.bin"))
        let frames = try ModelFixtures.reference().input_frames
        var whole = AcousticStream(model: model)
        let expected = whole.process(frames)
        var chunked = AcousticStream(model: model)
        var got: [[Float]] = []
        for start in stride(from: 0, to: frames.count, by: chunk) {
            got += chunked.process(Array(frames[start..<min(start + chunk, frames.count)]))
        }
        #expect(got == expected)
    }
}
