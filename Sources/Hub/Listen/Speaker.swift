import Foundation

/// Says responses aloud with the `espeak-ng` program.
struct Speaker {
    let program: URL

    /// Finds `espeak-ng` on the PATH.
    /// - Throws: `ListenError.noSpeaker` when it is not installed.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let found = folders.map({ URL(fileURLWithPath: String($0)).appendingPathComponent("espeak-ng") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else { throw ListenError.noSpeaker }
        program = found
    }

    /// Speaks `text` and waits until it is said.
    /// - Throws: `ListenError.speakerFailed` when espeak-ng cannot run or exits with an error.
    func say(_ text: String) throws {
        let process = Process()
        process.executableURL = program
        process.arguments = ["--", text]
        do {
            try process.run()
        } catch {
            throw ListenError.speakerFailed("\(program.path): \(error)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ListenError.speakerFailed("\(program.path) exited with status \(process.terminationStatus)")
        }
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
