import ASR
import Home
import Synchronization

/// The speech recognizer of `POST /api/recognize`, built on first use and rebuilt when the registry's
/// rooms or devices change (their names are part of the decoding graph).
final class RecognizerCache: Sendable {
    private let build: @Sendable () throws -> SpeechRecognizer
    private let store: HomeStore
    private let cached = Mutex<(fingerprint: String, recognizer: SpeechRecognizer)?>(nil)

    /// - Parameters:
    ///   - store: the registry whose names the recognizer knows.
    ///   - build: makes a recognizer for the registry as it is now (`SpeechOptions.recognizer`).
    init(store: HomeStore, build: @escaping @Sendable () throws -> SpeechRecognizer) {
        self.store = store
        self.build = build
    }

    /// A recognizer for the registry as it is now.
    /// - Throws: the model's or grammar's error if one cannot be built.
    func recognizer() throws -> SpeechRecognizer {
        let fingerprint = try Self.fingerprint(of: store)
        if let cached = cached.withLock({ $0 }), cached.fingerprint == fingerprint { return cached.recognizer }
        let recognizer = try build()
        cached.withLock { $0 = (fingerprint, recognizer) }
        return recognizer
    }

    /// Everything of the registry that the `{name}` and `{area}` lists are made of.
    private static func fingerprint(of store: HomeStore) throws -> String {
        let devices = try store.devices().map { "\($0.name)|\($0.aliases)|\($0.kind.rawValue)|\($0.room ?? "")" }
        let rooms = try store.rooms().map { "\($0.name)|\($0.aliases)" }
        return (devices + ["--"] + rooms).joined(separator: "\n")
    }
}
