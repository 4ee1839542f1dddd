import Foundation
import Home

/// Says responses aloud with the `espeak-ng` program.
struct Speaker {
    let program: URL

    /// Finds `espeak-ng` on the PATH.
    /// - Throws: `ListenError.noSpeaker` when it is not installed.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let found = ChildProcess.lookUp("espeak-ng", in: environment) else { throw ListenError.noSpeaker }
        program = found
    }

    /// The longest a response may take to say before `espeak-ng` is stopped.
    static let timeout: Double = 60

    /// Speaks `text` and waits until it is said.
    /// - Throws: `ListenError.speakerFailed` when espeak-ng cannot run, exits with an error or hangs.
    func say(_ text: String) throws {
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess(executable: program, arguments: ["--", text]).run(timeout: Self.timeout)
        } catch ChildProcess.Failure.cannotStart(let reason) {
            throw ListenError.speakerFailed("\(program.path): \(reason)")
        } catch {
            throw ListenError.speakerFailed("\(program.path) did not finish within \(Int(Self.timeout)) s")
        }
        if let failure = outcome.failure { throw ListenError.speakerFailed("\(program.path) \(failure)") }
    }
}

/// Why the listen loop cannot start or speak.
enum ListenError: Error, CustomStringConvertible {
    case noSpeaker
    case speakerFailed(String)

    var description: String {
        switch self {
        case .noSpeaker: "--speak needs the espeak-ng program, which is not on the PATH (apt-get install espeak-ng)"
        case .speakerFailed(let reason): "speaking the response failed: \(reason)"
        }
    }
}
