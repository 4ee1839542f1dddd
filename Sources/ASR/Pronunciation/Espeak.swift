import CEspeakNG
import Synchronization

/// The libespeak-ng grapheme-to-phoneme converter, called exactly as `training/phonemes.py` calls it,
/// so run-time pronunciations and training labels come from the same G2P:
///
///     espeak_Initialize(AUDIO_OUTPUT_RETRIEVAL, 0, NULL, espeakINITIALIZE_DONT_EXIT)
///     espeak_SetVoiceByName("en-us")
///     espeak_TextToPhonemes(&textptr, espeakCHARS_UTF8, '/' << 8)   // per clause
///
/// The library keeps global state, so one shared instance serialises all calls.
public final class Espeak: Sendable {
    /// The process-wide converter; initialised at first use.
    public static func shared() throws -> Espeak {
        try instance.withLock { cached in
            if let cached { return cached }
            let made = try Espeak()
            cached = made
            return made
        }
    }

    private static let instance = Mutex<Espeak?>(nil)
    private let lock = Mutex(())

    static let voice = "en-us"
    static let separator: Character = "/"

    private init() throws {
        let rate = espeak_Initialize(AUDIO_OUTPUT_RETRIEVAL, 0, nil, Int32(espeakINITIALIZE_DONT_EXIT))
        guard rate > 0 else { throw PronunciationError.espeak("espeak_Initialize failed (is espeak-ng-data installed?)") }
        guard espeak_SetVoiceByName(Self.voice) == EE_OK else {
            throw PronunciationError.espeak("espeak-ng has no voice '\(Self.voice)' (is espeak-ng-data installed?)")
        }
    }

    /// The raw phoneme mnemonics of `text`, one string per clause, words separated by spaces and
    /// phonemes by '/'.
    public func clauses(_ text: String) -> [String] {
        lock.withLock { _ in
            var clauses: [String] = []
            text.withCString { start in
                var pointer: UnsafeRawPointer? = UnsafeRawPointer(start)
                while pointer != nil {
                    let mode = Int32(Character("/").asciiValue!) << 8
                    if let result = espeak_TextToPhonemes(&pointer, espeakCHARS_UTF8, mode) {
                        clauses.append(String(cString: result))
                    }
                }
            }
            return clauses
        }
    }
}
