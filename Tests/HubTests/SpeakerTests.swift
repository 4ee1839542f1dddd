import Foundation
import Testing
@testable import Hub

/// The listen loop's `Speaker` running a stand-in `espeak-ng` (a shell script on a private PATH).
@Suite struct SpeakerTests {
    /// A folder holding an executable `espeak-ng` with `script` as its body.
    private func fakeEspeak(_ script: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("speaker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let program = folder.appendingPathComponent("espeak-ng")
        try "#!/bin/sh\n\(script)\n".write(to: program, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        return folder
    }

    @Test func passesTheResponseAsOneArgument() throws {
        let folder = try fakeEspeak(#"printf '%s|' "$@" > "$(dirname "$0")/said""#)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Speaker(environment: ["PATH": folder.path]).say("Turned on the -kitchen- light")
        let said = try String(contentsOf: folder.appendingPathComponent("said"), encoding: .utf8)
        #expect(said == "--|Turned on the -kitchen- light|")
    }

    @Test func failureNamesTheStatusAndWhatItPrinted() throws {
        let folder = try fakeEspeak("echo 'no audio device' >&2; exit 2")
        defer { try? FileManager.default.removeItem(at: folder) }
        let speaker = try Speaker(environment: ["PATH": folder.path])
        let error = #expect(throws: ListenError.self) { try speaker.say("hello") }
        #expect(error?.description == "speaking the response failed: \(speaker.program.path) exited with status 2: no audio device")
    }

    /// A program that leaves a background job: the job inherits the descriptors the program had
    /// (Foundation's termination socket among them), and the program's exit is seen anyway. Waiting
    /// for the job instead would take its 120 s.
    @Test func returnsWhenTheProgramExitsEvenIfItLeftAJob() throws {
        let folder = try fakeEspeak(#"sleep 120 </dev/null >/dev/null 2>&1 & echo $! > "$(dirname "$0")/job""#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let started = Date()
        try Speaker(environment: ["PATH": folder.path]).say("hello")
        let job = try String(contentsOf: folder.appendingPathComponent("job"), encoding: .utf8)
        if let pid = Int32(job.trimmingCharacters(in: .whitespacesAndNewlines)) { kill(pid, SIGKILL) }
        #expect(Date().timeIntervalSince(started) < Speaker.timeout)
    }
}
