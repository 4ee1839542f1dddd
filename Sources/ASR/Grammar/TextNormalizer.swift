import Foundation

/// Normalizes user text, template text and list phrases the same way, so the matcher can
/// compare Unicode scalars directly.
///
/// Rules (after hassil's `util.py`): NFC, lower case, punctuation and brackets become a space
/// unless it is a decimal point between digits, `-` and `_` split words (except a leading minus
/// sign), digits and letters split ("3000k" → "3000 k"), typographic apostrophes become `'`,
/// runs of whitespace become one space.
enum TextNormalizer {
    static let space: Unicode.Scalar = " "

    /// Characters removed like hassil's `PUNCTUATION_STR`, plus quotes and brackets (nobody
    /// speaks them, so "TV (Lounge)" must match "tv lounge").
    static let punctuation: Set<Unicode.Scalar> = Set(".。,，?¿？؟!¡！;；:：\"“”«»()[]{}<>".unicodeScalars)

    /// One normalized scalar and the original scalar it came from (for wildcard values).
    struct Unit {
        var lower: Unicode.Scalar
        var original: Unicode.Scalar
    }

    /// Normalizes free text into units with single spaces and no leading or trailing space.
    static func units(_ text: String) -> [Unit] {
        var units = rawUnits(text)
        while units.first?.lower == space { units.removeFirst() }
        while units.last?.lower == space { units.removeLast() }
        return units
    }

    /// Normalized free text (trimmed) as a string.
    static func normalize(_ text: String) -> String {
        String(String.UnicodeScalarView(units(text).map(\.lower)))
    }

    /// Normalized template text: like `normalize` but keeps one leading and trailing space,
    /// which mark word boundaries between template parts.
    static func normalizeTemplateText(_ text: String) -> String {
        String(String.UnicodeScalarView(rawUnits(text).map(\.lower)))
    }

    /// Normalized scalars with whitespace collapsed but not trimmed.
    private static func rawUnits(_ text: String) -> [Unit] {
        let scalars = Array(text.precomposedStringWithCanonicalMapping.unicodeScalars)
        var result: [Unit] = []
        result.reserveCapacity(scalars.count)
        for (index, scalar) in scalars.enumerated() {
            let previous = index > 0 ? scalars[index - 1] : nil
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            var lower = lowercase(scalar)
            if scalar.properties.isWhitespace {
                lower = space
            } else if scalar == "’" || scalar == "‘" || scalar == "`" {
                lower = "'"
            } else if punctuation.contains(scalar) {
                let isDecimal = (scalar == "." || scalar == ",")
                    && isDigit(previous) && isDigit(next)
                if !isDecimal { lower = space }
            } else if scalar == "-" || scalar == "_" {
                let isMinus = scalar == "-" && isDigit(next)
                    && (previous == nil || previous!.properties.isWhitespace)
                if !isMinus { lower = space }
            }
            if lower == space, result.last?.lower == space { continue }
            if let last = result.last?.lower, lower != space, splitsWords(last, lower) {
                result.append(Unit(lower: space, original: space))
            }
            result.append(Unit(lower: lower, original: lower == space ? space : scalar))
        }
        return result
    }

    /// True between a digit and a letter ("3000k", "2nd"), which are read as separate words.
    private static func splitsWords(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        (isDigit(a) && b.properties.isAlphabetic) || (a.properties.isAlphabetic && isDigit(b))
    }

    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    static func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return scalar.value >= 48 && scalar.value <= 57
    }

    private static func lowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII {
            return scalar.value >= 65 && scalar.value <= 90 ? Unicode.Scalar(scalar.value + 32)! : scalar
        }
        let mapped = scalar.properties.lowercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first! : scalar
    }
}
