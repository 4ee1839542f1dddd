/// The one error type of the Home module: a message that names the value at fault and, where it can,
/// suggests a fix (`unknown device 'kitchn' (did you mean 'kitchen'?)`).
public struct HomeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The human-readable message, ready to print.
    public let message: String

    /// Creates an error with the given message.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

// MARK: - Common messages

extension HomeError {
    static func unknown(_ what: String, _ name: String, candidates: [String]) -> HomeError {
        let hint = NameMatcher.suggestion(for: name, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
        return HomeError("unknown \(what) '\(name)'\(hint)")
    }

    static func invalid(_ key: String, _ value: String, expected: String) -> HomeError {
        HomeError("invalid \(key) \(value) (expected \(expected))")
    }
}
