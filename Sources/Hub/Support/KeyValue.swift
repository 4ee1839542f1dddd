import ArgumentParser

/// Parses `key=value` command-line words.
enum KeyValue {
    /// Splits each word at its first `=`; a word without one, or with an empty key, is a usage error naming it.
    static func parse(_ words: [String], option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for word in words {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw ValidationError("\(option) '\(word)' is not key=value")
            }
            result[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        return result
    }
}
