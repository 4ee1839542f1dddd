/// The delimiters of hassil's template language (see hassil's `HassILGrammar.g4`).
enum TemplateSyntax {
    static let groupStart: Unicode.Scalar = "("
    static let groupEnd: Unicode.Scalar = ")"
    static let optionalStart: Unicode.Scalar = "["
    static let optionalEnd: Unicode.Scalar = "]"
    static let listStart: Unicode.Scalar = "{"
    static let listEnd: Unicode.Scalar = "}"
    static let ruleStart: Unicode.Scalar = "<"
    static let ruleEnd: Unicode.Scalar = ">"
    static let alternativeSeparator: Unicode.Scalar = "|"
    static let permutationSeparator: Unicode.Scalar = ";"
    static let slotSeparator: Unicode.Scalar = ":"
    static let escape: Unicode.Scalar = "\\"

    /// Characters that make a string a template rather than plain text.
    static let special: Set<Unicode.Scalar> = [
        groupStart, groupEnd, optionalStart, optionalEnd, listStart, listEnd,
        ruleStart, ruleEnd, alternativeSeparator,
    ]

    /// True when `text` uses any template syntax (hassil's `is_template`).
    static func isTemplate(_ text: String) -> Bool {
        text.unicodeScalars.contains { special.contains($0) }
    }
}
