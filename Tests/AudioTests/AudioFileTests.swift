import Foundation
import Testing
@testable import Audio

// MARK: - Decoding

@Test func rawFileReadsAsS16LE() throws {
    let path = TestSupport.data("reference-audio/goforward.raw")
    let samples = try AudioFile.read(path: path)
    #expect(samples == (try TestSupport.readS16LE(path)))
    #expect(samples.count == 44_580)
}

@Test func sixteenKilohertzWavIsReadUnchanged() throws {
    let path = TestSupport.data("speech-commands/go/2f813234_nohash_1.wav")
    let samples = try AudioFile.read(path: path)
    #expect(samples.count == 16_000)
    // libsndfile scales 16-bit PCM by 1/32768, the same as the raw reader.
    #expect(samples.allSatisfy { ($0 * 32_768).rounded() == $0 * 32_768 })
    #expect(TestSupport.rms(samples) > 0.001)
}

@Test func rawFilesOfAnyLayoutReadWithAnExplicitFormat() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // 8 kHz stereo s16le without header: a 400 Hz tone on the left, silence on the right.
    let tone = TestSupport.sine(frequency: 400, rate: 8_000, count: 8_000)
    let interleaved = tone.flatMap { [Int16($0 * 32_767), 0] }
    let url = directory.appendingPathComponent("tone.pcm")
    try interleaved.withUnsafeBytes { try Data($0).write(to: url) }
    let samples = try AudioFile.read(path: url.path, raw: RawPCMFormat(sampleRate: 8_000, channels: 2))
    #expect(abs(samples.count - 16_000) <= 2)
    let expected = TestSupport.sine(frequency: 400, rate: 16_000, count: samples.count, amplitude: 0.25)
    let error = zip(samples[1_000..<15_000], expected[1_000..<15_000]).map { abs($0 - $1) }.max()!
    #expect(error < 2e-3, "max deviation \(error)")
    // Without the format, a `.pcm` file is taken as 16 kHz mono: twice the samples, no resampling.
    #expect(try AudioFile.read(path: url.path).count == 16_000)
}

/// Every container, rate and channel layout lands as the same 16 kHz mono signal.
@Test(arguments: [
    (AudioFile.WriteFormat.wav16, 44_100, 2), (.wavFloat, 48_000, 1), (.flac16, 22_050, 2),
    (.oggVorbis, 44_100, 2), (.wav16, 8_000, 1), (.wavFloat, 16_000, 6),
])
func filesOfAnyFormatBecome16kMono(format: AudioFile.WriteFormat, rate: Int, channels: Int) throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let ext = switch format { case .flac16: "flac"; case .oggVorbis: "ogg"; default: "wav" }
    let path = directory.appendingPathComponent("tone.\(ext)").path
    let mono = TestSupport.sine(frequency: 500, rate: rate, count: rate * 2)
    let interleaved = mono.flatMap { [Float](repeating: $0, count: channels) }
    try AudioFile.write(interleaved, sampleRate: rate, channels: channels, to: path, format: format)

    let source = try AudioFileSource(path: path)
    #expect(source.fileSampleRate == rate && source.fileChannels == channels)
    var samples: [Float] = []
    while let chunk = try source.read() {
        #expect(!chunk.isEmpty)
        samples += chunk
    }
    #expect(try source.read() == nil)
    #expect(abs(samples.count - 32_000) <= 2, "\(samples.count) samples")
    let expected = TestSupport.sine(frequency: 500, rate: 16_000, count: samples.count)
    let middle = 2_000..<30_000
    let error = zip(samples[middle], expected[middle]).map { abs($0 - $1) }.max()!
    // Vorbis is lossy; PCM paths only see resampling and 16-bit quantisation.
    #expect(error < (format == .oggVorbis ? 0.05 : 3e-3), "max deviation \(error)")
    let recording = try AudioFile.recording(path: path)
    #expect(recording.sourceRate == rate && recording.samples == samples)
}

@Test func fileSourceChunksConcatenateToTheWholeFileAndStreamAsync() async throws {
    let path = TestSupport.data("reference-audio/librivox/sense_and_sensibility_01_austen_64kb-0880.wav")
    let whole = try AudioFile.read(path: path)
    var streamed: [Float] = []
    for try await chunk in try AudioFileSource(path: path, blockFrames: 160).chunks { streamed += chunk }
    #expect(streamed == whole)
    #expect(whole.count == 47_840)
}

// MARK: - Errors

private func expectFileError(_ path: String, _ phrase: String, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try AudioFile.read(path: path)
        Issue.record("read \(path) without error", sourceLocation: sourceLocation)
    } catch let error as AudioError {
        #expect(error.description.contains(path), "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.contains(phrase), "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error type \(error)", sourceLocation: sourceLocation)
    }
}

/// A canonical 44-byte PCM WAV header.
private func wavHeader(rate: UInt32, channels: UInt16, dataBytes: UInt32) -> Data {
    var data = Data()
    func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    data.append(contentsOf: Array("RIFF".utf8)); u32(36 + dataBytes)
    data.append(contentsOf: Array("WAVEfmt ".utf8)); u32(16); u16(1); u16(channels); u32(rate)
    u32(rate * UInt32(channels) * 2); u16(channels * 2); u16(16)
    data.append(contentsOf: Array("data".utf8)); u32(dataBytes)
    return data
}

@Test func brokenFilesFailWithTheirName() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    func file(_ name: String, _ contents: Data) throws -> String {
        let url = directory.appendingPathComponent(name)
        try contents.write(to: url)
        return url.path
    }
    expectFileError(directory.appendingPathComponent("missing.wav").path, "cannot read")
    expectFileError(try file("zero.wav", Data()), "cannot read")
    expectFileError(try file("text.wav", Data("this is not audio at all, just some text".utf8)), "cannot read")
    expectFileError(try file("empty.wav", wavHeader(rate: 16_000, channels: 1, dataBytes: 0)), "no samples")
    expectFileError(try file("empty.raw", Data()), "no samples")
    expectFileError(try file("zerohz.wav", wavHeader(rate: 0, channels: 1, dataBytes: 3_200) + Data(count: 3_200)), "cannot read")
    expectFileError(
        try file("channels.wav", wavHeader(rate: 16_000, channels: 1_000, dataBytes: 16_000) + Data(count: 16_000)), "channels")
    expectFileError(
        try file("absurd.wav", wavHeader(rate: 5_000_000, channels: 1, dataBytes: 3_200) + Data(count: 3_200)), "Hz")
}

@Test func truncatedCompressedFileFails() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("cut.flac").path
    try AudioFile.write(TestSupport.sine(frequency: 300, rate: 16_000, count: 64_000), sampleRate: 16_000, to: path, format: .flac16)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
    expectFileError(path, "truncated or corrupt")
}

@Test func truncatedWavFails() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("cut.wav").path
    // The header announces one second; the file holds a tenth of it.
    try (wavHeader(rate: 16_000, channels: 1, dataBytes: 32_000) + Data(count: 3_200)).write(to: URL(fileURLWithPath: path))
    expectFileError(path, "truncated: header announces 16000 frames but only 1600")
}
