import Foundation
import Testing
@testable import Audio

// The real ALSA code path without hardware: an ALSA `file` PCM whose `infile` feeds the capture,
// defined in configuration text loaded in-process (`snd_pcm_open_lconf`).

/// Configuration defining `hubtest` as a capture PCM that reads `path` as raw samples of whatever
/// format, rate and channel count the capture negotiates (its `null` slave accepts any).
private func fileConfiguration(_ path: String) -> String {
    """
    pcm.hubtest {
        type file
        slave.pcm { type null }
        file "/dev/null"
        infile "\(path)"
        format "raw"
    }
    """
}

private func writeRaw<T>(_ values: [T], to url: URL) throws {
    try values.withUnsafeBytes { try Data($0).write(to: url) }
}

private func capture(_ capture: ALSACapture, count: Int) throws -> [Float] {
    var samples: [Float] = []
    while samples.count < count, let chunk = try capture.read() {
        #expect(!chunk.isEmpty)
        samples += chunk
    }
    return Array(samples.prefix(count))
}

@Test func captureReturnsExactlyTheSamplesTheDeviceDelivers() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = Array(try TestSupport.readS16LE(TestSupport.data("reference-audio/goforward.raw")).prefix(16_000))
    let url = directory.appendingPathComponent("in.raw")
    try writeRaw(input.map { Int16($0 * 32_768) }, to: url)

    let mic = try ALSACapture(device: "hubtest", configuration: fileConfiguration(url.path))
    #expect(mic.deviceRate == 16_000 && mic.deviceChannels == 1 && mic.deviceFormat == .s16)
    #expect(mic.periodFrames == 160)
    #expect(try capture(mic, count: input.count) == input)
    #expect(mic.overruns == 0)
}

@Test func captureConvertsFloatDevices() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = TestSupport.sine(frequency: 300, rate: 16_000, count: 8_000)
    let url = directory.appendingPathComponent("in.f32")
    try writeRaw(input, to: url)
    let mic = try ALSACapture(
        device: "hubtest", request: .init(formats: [.float32]), configuration: fileConfiguration(url.path))
    #expect(mic.deviceFormat == .float32)
    #expect(try capture(mic, count: input.count) == input)
}

@Test func captureConvertsA44kStereoDeviceTo16kMono() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // Left carries a 1 kHz tone, right is silent: the mono mix is the tone at half amplitude.
    let left = TestSupport.sine(frequency: 1_000, rate: 44_100, count: 44_100, amplitude: 0.8)
    let interleaved = left.flatMap { [Int32(Double($0) * 2_147_483_647), 0] }
    let url = directory.appendingPathComponent("in.s32")
    try writeRaw(interleaved, to: url)

    let mic = try ALSACapture(
        device: "hubtest", request: .init(rate: 44_100, channels: 2, formats: [.s32]),
        configuration: fileConfiguration(url.path))
    #expect(mic.deviceRate == 44_100 && mic.deviceChannels == 2 && mic.deviceFormat == .s32)
    let captured = try capture(mic, count: 15_000)
    let expected = TestSupport.sine(frequency: 1_000, rate: 16_000, count: captured.count, amplitude: 0.4)
    let error = zip(captured[1_000...], expected[1_000...]).map { abs($0 - $1) }.max()!
    #expect(error < 2e-3, "max deviation \(error)")
}

@Test func overrunRecoveryKeepsTheStream() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = (0..<4_800).map { Float(Int16(truncatingIfNeeded: $0 * 7)) / 32_768 }
    let url = directory.appendingPathComponent("in.raw")
    try writeRaw(input.map { Int16($0 * 32_768) }, to: url)
    let mic = try ALSACapture(device: "hubtest", configuration: fileConfiguration(url.path))
    var samples = try capture(mic, count: 1_600)
    // What `read()` does when snd_pcm_readi reports an overrun or a suspend.
    try mic.recover(-EPIPE)
    try mic.recover(-ESTRPIPE)
    #expect(mic.overruns == 2)
    samples += try capture(mic, count: input.count - 1_600)
    #expect(samples == input)
}

@Test func nullDeviceCapturesSilence() async throws {
    let mic = try ALSACapture(device: "null")
    var chunks = 0
    for try await chunk in mic.chunks {
        #expect(chunk.count == mic.periodFrames)
        #expect(chunk.allSatisfy { $0 == 0 })
        chunks += 1
        if chunks == 5 { mic.close() }
    }
    #expect(chunks == 5)
    #expect(try mic.read() == nil)
}

@Test(arguments: ["hw:99,0", "plughw:42", "no_such_pcm_name"])
func missingDeviceIsAClearError(name: String) {
    do {
        _ = try ALSACapture(device: name)
        Issue.record("opened \(name)")
    } catch let error as AudioError {
        guard case .device(let device, _) = error else {
            Issue.record("wrong error \(error)")
            return
        }
        #expect(device == name)
        #expect(error.description.contains("'\(name)'"))
    } catch {
        Issue.record("unexpected error \(error)")
    }
}

@Test func malformedConfigurationIsRejected() {
    #expect(throws: AudioError.self) { try ALSACapture(device: "x", configuration: "pcm.x { type file ") }
}
