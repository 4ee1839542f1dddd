/// Where a grammar item was written: a file and a 1-based line.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// File name or path as given to the loader.
    public let file: String
    /// 1-based line number, or 0 when unknown.
    public let line: Int

    /// Creates a location.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `file:line`.
    public var description: String { line > 0 ? "\(file):\(line)" : file }
}

/// Everything that can go wrong while loading or compiling a grammar.
/// Each message names the file, the line and the offending fragment.
public enum GrammarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A path could not be read.
    case unreadable(path: String, reason: String)
    /// The YAML itself is malformed.
    case invalidYAML(SourceLocation, reason: String)
    /// A YAML field has the wrong shape or an invalid value.
    case invalidField(SourceLocation, field: String, reason: String)
    /// A sentence template has a syntax error.
    case syntax(SourceLocation, reason: String, template: String)
    /// A template references an expansion rule that no file defines.
    case unknownRule(SourceLocation, rule: String, template: String, suggestion: String?)
    /// An expansion rule refers back to itself.
    case recursiveRule(SourceLocation, rule: String, template: String)
    /// Two merged files declare different languages.
    case languageMismatch(SourceLocation, expected: String, found: String)

    /// A message of the form `file:line: what went wrong in "fragment"`.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read grammar: \(reason)"
        case .invalidYAML(let location, let reason):
            return "\(location): invalid YAML: \(reason)"
        case .invalidField(let location, let field, let reason):
            return "\(location): invalid '\(field)': \(reason)"
        case .syntax(let location, let reason, let template):
            return "\(location): \(reason) in \"\(template)\""
        case .unknownRule(let location, let rule, let template, let suggestion):
            let hint = suggestion.map { " (did you mean <\($0)>?)" } ?? ""
            return "\(location): unknown expansion rule <\(rule)> in \"\(template)\"\(hint)"
        case .recursiveRule(let location, let rule, let template):
            return "\(location): expansion rule <\(rule)> refers to itself in \"\(template)\""
        case .languageMismatch(let location, let expected, let found):
            return "\(location): language '\(found)' does not match '\(expected)' of the files loaded before"
        }
    }
}
