import Foundation
import Yams

/// One value of the configuration file with where it came from, for errors that name the file, line and
/// key: `/etc/hub/hub.yaml:3: http.port: expected a port number 1–65535, got 'eighty'`.
struct ConfigNode {
    let node: Node
    /// The file the value was read from.
    let file: String
    /// The dotted key path, e.g. `http.port`; empty for the document itself.
    let key: String

    /// The keys and values of a mapping, after checking every key is one of `allowed`.
    /// - Throws: ``ConfigurationError`` for a value that is not a mapping, or an unknown key (with a suggestion).
    func mapping(allowed: [String]) throws -> [String: ConfigNode] {
        guard let mapping = node.mapping else { throw error("expected a mapping of \(allowed.joined(separator: ", "))") }
        var values: [String: ConfigNode] = [:]
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? ""
            let path = key.isEmpty ? name : "\(key).\(name)"
            guard allowed.contains(name) else {
                let hint = Self.closest(to: name, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                throw ConfigurationError(
                    file: file, line: keyNode.mark?.line,
                    message: "unknown key '\(path)'\(hint); known keys: \(allowed.joined(separator: ", "))")
            }
            values[name] = ConfigNode(node: value, file: file, key: path)
        }
        return values
    }

    /// A non-empty string.
    func string() throws -> String {
        guard let string = node.scalar?.string, !string.isEmpty else { throw error("expected a non-empty string") }
        return string
    }

    /// One string or a list of strings.
    func strings() throws -> [String] {
        guard let sequence = node.sequence else { return [try string()] }
        return try sequence.enumerated().map { index, item in
            try ConfigNode(node: item, file: file, key: "\(key)[\(index)]").string()
        }
    }

    /// An integer in `range`.
    func int(in range: ClosedRange<Int>, what: String) throws -> Int {
        guard let value = node.scalar.flatMap({ Int($0.string) }), range.contains(value) else {
            throw error("expected \(what) \(range.lowerBound)–\(range.upperBound)")
        }
        return value
    }

    /// An error at this value: `file:line: key: message, got 'value'`.
    func error(_ message: String) -> ConfigurationError {
        let got = node.scalar.map { ", got '\($0.string)'" } ?? ""
        return ConfigurationError(file: file, line: node.mark?.line, message: "\(key): \(message)\(got)")
    }

    /// The allowed key nearest to a misspelt one, if it is near enough to be a likely typo.
    private static func closest(to name: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(Array(name.lowercased()), Array($0))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2, best.1 < best.0.count else { return nil }
        return best.0
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A configuration file that cannot be read or holds an unknown key or a bad value.
struct ConfigurationError: Error, CustomStringConvertible {
    let file: String
    let line: Int?
    let message: String

    var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
}
