import ASR
import Audio
import Testing
@testable import Hub

/// The listen loop's turn logic in stream time, with hand-made detections and VAD events.
@Suite struct TurnMachineTests {
    static let second = AudioFormat.sampleRate

    static func machine(wake: Bool = true) -> TurnMachine {
        var settings = TurnMachine.Settings()
        settings.wakeEnabled = wake
        settings.releaseDelay = second / 10
        return TurnMachine(settings: settings)
    }

    static func seconds(_ value: Double) -> Int { Int(value * Double(second)) }

    static func segment(_ start: Double, _ end: Double) -> VADEvent {
        .speechEnded(SpeechSegment(startSample: seconds(start), endSample: seconds(end)))
    }

    @Test func wakeThenCommandThenFollowUpThenIdle() {
        var machine = Self.machine()
        let wake = Detection(startSample: Self.seconds(1.0), endSample: Self.seconds(1.6), score: 0.9)
        let heard = machine.advance(to: Self.seconds(1.7), detections: [wake], vad: [.speechStarted(atSample: Self.seconds(0.95))], speaking: true)
        #expect(heard == [.wake(wake)])
        // The wake word's own segment ends: too little after the wake phrase to be a command.
        #expect(machine.advance(to: Self.seconds(2.0), detections: [], vad: [Self.segment(0.95, 1.7)], speaking: false).isEmpty)
        let command = machine.advance(to: Self.seconds(4.3), detections: [], vad: [.speechStarted(atSample: Self.seconds(2.5)), Self.segment(2.5, 4.0)], speaking: false)
        #expect(command == [.command(range: Self.seconds(2.5)..<Self.seconds(4.0), endpoint: Self.seconds(4.3), wake: wake)])
        #expect(machine.phase == .followUp(until: Self.seconds(8.0)))
        // A follow-up without the wake phrase.
        let followUp = machine.advance(to: Self.seconds(7.0), detections: [], vad: [.speechStarted(atSample: Self.seconds(5.0)), Self.segment(5.0, 6.5)], speaking: false)
        #expect(followUp == [.command(range: Self.seconds(5.0)..<Self.seconds(6.5), endpoint: Self.seconds(7.0), wake: nil)])
        #expect(machine.advance(to: Self.seconds(11), detections: [], vad: [], speaking: false).isEmpty)
        #expect(machine.phase == .idle)
        // Idle again: speech without the wake phrase is ignored.
        #expect(machine.advance(to: Self.seconds(14), detections: [], vad: [.speechStarted(atSample: Self.seconds(12)), Self.segment(12, 13.5)], speaking: false).isEmpty)
    }

    @Test func wakeWithoutCommandTimesOut() {
        var machine = Self.machine()
        let wake = Detection(startSample: Self.seconds(1.0), endSample: Self.seconds(1.6), score: 0.8)
        _ = machine.advance(to: Self.seconds(1.7), detections: [wake], vad: [.speechStarted(atSample: Self.seconds(1.0))], speaking: true)
        #expect(machine.advance(to: Self.seconds(6.5), detections: [], vad: [], speaking: false).isEmpty)
        #expect(machine.advance(to: Self.seconds(6.7), detections: [], vad: [], speaking: false) == [.timeout(wake: wake)])
        #expect(machine.phase == .idle)
    }

    @Test func aWakeSoundInsideACommandIsIgnored() {
        var machine = Self.machine()
        _ = machine.advance(to: Self.seconds(1), detections: [], vad: [.speechStarted(atSample: Self.seconds(0.2))], speaking: true)
        // Two seconds into an utterance: not said as a wake phrase.
        let inside = Detection(startSample: Self.seconds(2.2), endSample: Self.seconds(2.8), score: 0.9)
        #expect(machine.advance(to: Self.seconds(2.9), detections: [inside], vad: [], speaking: true).isEmpty)
        #expect(machine.phase == .idle)
    }

    @Test func withoutWakeEverySegmentIsACommand() {
        var machine = Self.machine(wake: false)
        let outputs = machine.advance(to: Self.seconds(3), detections: [], vad: [.speechStarted(atSample: Self.seconds(1)), Self.segment(1, 2.5)], speaking: false)
        #expect(outputs == [.command(range: Self.seconds(1)..<Self.seconds(2.5), endpoint: Self.seconds(3), wake: nil)])
    }
}
