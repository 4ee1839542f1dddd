import Foundation
import Testing
@testable import Audio

private func files(_ folder: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: TestSupport.data(folder))
        .filter { $0.hasSuffix(".wav") }.sorted().map { TestSupport.data("\(folder)/\($0)") }
}

/// Sample index at the centre of the loudest 50 ms of `samples`: certainly inside the word.
private func loudestPoint(_ samples: [Float]) -> Int {
    let window = 800
    var best = 0, bestEnergy: Float = -1
    for start in stride(from: 0, to: samples.count - window, by: 160) {
        let energy = samples[start..<start + window].reduce(0) { $0 + $1 * $1 }
        if energy > bestEnergy { (best, bestEnergy) = (start + window / 2, energy) }
    }
    return best
}

// MARK: - Real recordings

@Test func wakeWordRecordingsGiveOneSegmentCoveringTheWord() throws {
    let detector = try VoiceActivityDetector()
    // Every third recording keeps the debug-build test quick; still over a hundred speakers.
    let paths = try files("wake-words/computer").enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
    #expect(paths.count > 100)
    var single = 0
    for path in paths {
        let samples = try AudioFile.read(path: path)
        let segments = detector.segments(in: samples)
        guard segments.count == 1 else { continue }
        single += 1
        let word = loudestPoint(samples)
        #expect(segments[0].startSample <= word && word < segments[0].endSample, "\(path): \(segments)")
        #expect(segments[0].duration > 0.2 && segments[0].duration < 2.5, "\(path): \(segments)")
    }
    // A handful of recordings carry a click or breath after the word that is a second utterance.
    #expect(Double(single) / Double(paths.count) >= 0.97, "\(single) of \(paths.count) gave exactly one segment")
}

@Test func speechCommandClipsGiveOneSegment() throws {
    let detector = try VoiceActivityDetector()
    var single = 0, total = 0
    for word in ["go", "stop", "yes", "no", "up", "down", "left", "right", "on", "off"] {
        for path in try files("speech-commands/\(word)") {
            total += 1
            let samples = try AudioFile.read(path: path)
            let segments = detector.segments(in: samples)
            if segments.count == 1 {
                single += 1
                let word = loudestPoint(samples)
                #expect(segments[0].startSample <= word && word < segments[0].endSample, "\(path): \(segments)")
            }
        }
    }
    #expect(total >= 50)
    // Clips whose word starts in the first frames or is cut at the end may give none.
    #expect(Double(single) / Double(total) >= 0.95, "\(single) of \(total) gave exactly one segment")
}

@Test(arguments: ["air_conditioner", "pink_noise", "white_noise", "running_tap", "forest_1", "white_1", "white_2", "exercise_bike"])
func stationaryNoiseGivesAlmostNoSegments(name: String) throws {
    let samples = try AudioFile.read(path: TestSupport.data("noise/\(name).wav"))
    let segments = try VoiceActivityDetector().segments(in: samples)
    // At most one spurious segment (a machine starting up), never one per few seconds.
    #expect(segments.count <= 1, "\(name): \(segments.map { ($0.start, $0.end) })")
    #expect(segments.allSatisfy { $0.duration < 1 })
}

// MARK: - Synthetic streams

/// Seeded white noise of the given RMS, the "silence" between words.
private func roomNoise(seconds: Double, seed: UInt64, rms: Float = 1e-4) -> [Float] {
    var noise = SeededNoise(seed: seed)
    // Uniform in [-a, a] has RMS a/√3.
    let amplitude = rms * Float(3).squareRoot()
    return (0..<Int(seconds * 16_000)).map { _ in noise.next() * 2 * amplitude }
}


private func word(_ relative: String) throws -> [Float] {
    try AudioFile.read(path: TestSupport.data(relative))
}

@Test func twoRecordedWordsTwoSecondsApartGiveTwoSegmentsAtTheWords() throws {
    // Two wake-word recordings back to back: silence + word + about 2 s of silence + word + silence.
    // Each word's segment must match the one found in its own recording (shifted by the first file)
    // to within 150 ms and stay inside its recording.
    let detector = try VoiceActivityDetector()
    let paths = try files("wake-words/computer")
    var recordings: [([Float], SpeechSegment)] = []
    for path in paths where recordings.count < 2 {
        let samples = try AudioFile.read(path: path)
        let segments = detector.segments(in: samples)
        if segments.count == 1 { recordings.append((samples, segments[0])) }
    }
    let (first, firstWord) = recordings[0], (second, secondWord) = recordings[1]
    let silence = Double(first.count - firstWord.endSample + secondWord.startSample) / 16_000
    #expect(silence > 1.5 && silence < 3, "silence between the words: \(silence) s")

    let segments = detector.segments(in: first + second)
    #expect(segments.count == 2, "\(segments.map { ($0.start, $0.end) })")
    guard segments.count == 2 else { return }
    // The noise floor carried over from the first recording may move the second onset a little.
    let tolerance = 2_400 // 150 ms
    #expect(abs(segments[0].startSample - firstWord.startSample) <= tolerance)
    #expect(abs(segments[0].endSample - firstWord.endSample) <= tolerance)
    #expect(abs(segments[1].startSample - (first.count + secondWord.startSample)) <= tolerance)
    #expect(abs(segments[1].endSample - (first.count + secondWord.endSample)) <= tolerance)
    #expect(segments[0].endSample <= first.count && segments[1].startSample >= first.count)
}

@Test(arguments: [1, 100, 160, 161, 1_024, 4_000])
func detectorDoesNotDependOnChunkSize(chunk: Int) throws {
    let stream = roomNoise(seconds: 0.5, seed: 4) + (try word("speech-commands/yes/" + (try files("speech-commands/yes")[0] as NSString).lastPathComponent))
        + roomNoise(seconds: 1, seed: 5)
    var whole = try VoiceActivityDetector()
    let expected = whole.process(stream) + whole.flush()
    var chunked = try VoiceActivityDetector()
    var events: [VADEvent] = []
    for start in stride(from: 0, to: stream.count, by: chunk) {
        events += chunked.process(Array(stream[start..<min(start + chunk, stream.count)]))
    }
    events += chunked.flush()
    #expect(events == expected)
    #expect(expected.count == 2)
    if case .speechStarted = expected.first {} else { Issue.record("first event \(String(describing: expected.first))") }
}

@Test func trailingSilenceDecidesWhetherAPauseSplitsTheUtterance() throws {
    let clip = try word("speech-commands/go/2f813234_nohash_1.wav")
    let stream = roomNoise(seconds: 1, seed: 6) + clip + roomNoise(seconds: 0.5, seed: 7) + clip + roomNoise(seconds: 1, seed: 8)
    let short = try VoiceActivityDetector(config: VADConfiguration(trailingSilenceMs: 200)).segments(in: stream)
    let long = try VoiceActivityDetector(config: VADConfiguration(trailingSilenceMs: 1_500)).segments(in: stream)
    #expect(short.count == 2)
    #expect(long.count == 1)
}

@Test func longSpeechIsCutAtTheMaximumUtteranceLength() throws {
    let speech = try AudioFile.read(path: TestSupport.data("reference-audio/librivox/sense_and_sensibility_01_austen_64kb-0870.wav"))
    let segments = try VoiceActivityDetector(config: VADConfiguration(maximumUtteranceSeconds: 1)).segments(in: speech)
    #expect(segments.count >= 2)
    #expect(segments.allSatisfy { $0.duration <= 1.0 + 0.021 }, "\(segments.map(\.duration))")
    #expect(zip(segments, segments.dropFirst()).allSatisfy { $0.endSample <= $1.startSample })
}

@Test func detectorRejectsUnusableConfigurations() {
    #expect(throws: AudioError.self) { try VoiceActivityDetector(config: VADConfiguration(trailingSilenceMs: 0)) }
    #expect(throws: AudioError.self) { try VoiceActivityDetector(config: VADConfiguration(maximumUtteranceSeconds: 0.1)) }
}
