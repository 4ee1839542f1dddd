import Foundation

/// Parses one sentence template into an `Expression` (after hassil's `parse_expression.py`).
///
/// `(a|b)` alternative, `[a]` optional, `(a; b)` permutation, `{list}` / `{list:slot}`,
/// `<rule>`, and `\x` for a literal delimiter. A `|` outside any group splits the whole
/// template into alternatives.
struct TemplateParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0

    /// Parses `template`; syntax errors name `location` and quote the template.
    static func parse(_ template: String, at location: SourceLocation) throws -> Expression {
        var parser = TemplateParser(scalars: Array(template.unicodeScalars))
        do {
            return try parser.parseGroup(closer: nil)
        } catch let reason as Reason {
            throw GrammarError.syntax(location, reason: reason.message, template: template)
        }
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private struct Reason: Error {
        let message: String
    }

    private enum Separator {
        case none, alternative, permutation
    }

    // MARK: - Grammar

    private mutating func parseGroup(closer: Unicode.Scalar?) throws -> Expression {
        var branches: [[Expression]] = [[]]
        var separator = Separator.none
        var text = String.UnicodeScalarView()

        func flush() {
            guard !text.isEmpty else { return }
            branches[branches.count - 1].append(.text(TextNormalizer.normalizeTemplateText(String(text))))
            text.removeAll()
        }

        while true {
            guard index < scalars.count else {
                if let closer { throw Reason(message: "missing '\(closer)'") }
                break
            }
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case TemplateSyntax.escape:
                guard index < scalars.count else { throw Reason(message: "dangling '\\'") }
                text.append(scalars[index])
                index += 1
            case TemplateSyntax.groupStart:
                flush()
                branches[branches.count - 1].append(try parseGroup(closer: TemplateSyntax.groupEnd))
            case TemplateSyntax.optionalStart:
                flush()
                branches[branches.count - 1].append(.optional(try parseGroup(closer: TemplateSyntax.optionalEnd)))
            case TemplateSyntax.listStart:
                flush()
                branches[branches.count - 1].append(.list(try parseListReference()))
            case TemplateSyntax.ruleStart:
                flush()
                branches[branches.count - 1].append(.rule(try parseName(closer: TemplateSyntax.ruleEnd, kind: "rule")))
            case TemplateSyntax.alternativeSeparator, TemplateSyntax.permutationSeparator:
                let kind: Separator = scalar == TemplateSyntax.alternativeSeparator ? .alternative : .permutation
                if separator != .none, separator != kind {
                    throw Reason(message: "cannot mix '|' and ';' in one group")
                }
                separator = kind
                flush()
                branches.append([])
            case _ where scalar == closer:
                flush()
                return build(branches, separator)
            case TemplateSyntax.groupEnd, TemplateSyntax.optionalEnd, TemplateSyntax.listEnd, TemplateSyntax.ruleEnd:
                throw Reason(message: "unexpected '\(scalar)'")
            default:
                text.append(scalar)
            }
        }
        flush()
        return build(branches, separator)
    }

    private func build(_ branches: [[Expression]], _ separator: Separator) -> Expression {
        let items = branches.map { items -> Expression in
            switch items.count {
            case 0: return .empty
            case 1: return items[0]
            default: return .sequence(items)
            }
        }
        if items.count == 1 { return items[0] }
        return separator == .permutation ? .permutation(items) : .alternative(items)
    }

    private mutating func parseListReference() throws -> ListReference {
        let body = try parseName(closer: TemplateSyntax.listEnd, kind: "list")
        let parts = body.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        if parts.contains(where: \.isEmpty) { throw Reason(message: "empty name in {\(body)}") }
        return ListReference(list: parts[0], slot: parts.count > 1 ? parts[1] : nil)
    }

    private mutating func parseName(closer: Unicode.Scalar, kind: String) throws -> String {
        var name = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == closer {
                let trimmed = String(name).trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { throw Reason(message: "empty \(kind) name") }
                return trimmed
            }
            if TemplateSyntax.special.contains(scalar) {
                throw Reason(message: "unexpected '\(scalar)' in \(kind) name")
            }
            name.append(scalar)
        }
        throw Reason(message: "missing '\(closer)' after \(kind) name")
    }
}

extension Expression {
    /// Parses a hassil sentence template such as `"turn on [the] {name}"`.
    /// - Throws: `GrammarError.syntax` naming `location` and quoting the template.
    public init(template: String, location: SourceLocation = SourceLocation(file: "<template>", line: 0)) throws {
        self = try TemplateParser.parse(template, at: location)
    }
}
