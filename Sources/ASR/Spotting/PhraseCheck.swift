/// Warnings for wake phrases that will be missed or falsely accepted often.
///
/// A phrase with few phonemes matches pieces of ordinary speech; a phrase made only of common words
/// (or of the words of spoken commands) is said all the time without meaning the hub.
enum PhraseCheck {
    /// Fewer phonemes than this get a warning ("computer" has 8, "jarvis" 5).
    static let minimumPhonemes = 5

    /// Frequent English words and the words of home commands.
    static let commonWords: Set<String> = [
        "a", "about", "all", "an", "and", "are", "as", "at", "be", "but", "by", "can", "come", "day", "do",
        "for", "from", "get", "go", "good", "have", "he", "her", "here", "hey", "hi", "him", "his", "how",
        "i", "if", "in", "is", "it", "just", "know", "like", "look", "make", "me", "my", "no", "not", "now",
        "of", "off", "oh", "ok", "okay", "on", "one", "or", "out", "please", "right", "say", "see", "she",
        "so", "that", "the", "then", "there", "they", "this", "time", "to", "two", "up", "us", "want",
        "was", "we", "well", "what", "when", "who", "will", "with", "yeah", "yes", "you", "your",
        "hello", "thanks", "thank", "stop", "down", "left", "set", "turn", "switch", "light", "lights",
        "lamp", "room", "kitchen", "bedroom", "degrees", "percent", "heat", "cool", "dim", "bright", "what's",
    ]

    /// The warnings for `phrase`, whose phonemes are `phonemes`; empty for a good phrase.
    static func warnings(phrase: String, phonemes: [String]) -> [String] {
        var warnings: [String] = []
        if phonemes.count < minimumPhonemes {
            warnings.append("wake phrase '\(phrase)' is too short (\(phonemes.count) phonemes, fewer than \(minimumPhonemes)): "
                + "it will trigger on ordinary speech; use a longer phrase of two or more syllables")
        }
        let words = phrase.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init)
        if !words.isEmpty, words.allSatisfy(commonWords.contains) {
            warnings.append("wake phrase '\(phrase)' is made only of common words: it will trigger in ordinary "
                + "conversation and commands; add an unusual word (e.g. a name)")
        }
        return warnings
    }
}
