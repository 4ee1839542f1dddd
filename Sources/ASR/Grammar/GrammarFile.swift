import Foundation
import Yams

/// The contents of one grammar YAML file, before merging and rule resolution.
///
/// Layout (Home Assistant intents format):
/// ```yaml
/// language: en
/// intents:
///   HassTurnOn:
///     data:
///       - sentences: ["turn on {name}"]
///         slots: {domain: light}
///         requires_context: {area: {slot: true}}
///         excludes_context: {domain: [lock]}
///         response: default
///         expansion_rules: {here: "in here"}
/// lists:
///   color: {values: ["red", {in: "warm white", out: "warmwhite", context: {kind: white}}]}
///   brightness: {range: {from: 0, to: 100, step: 1, multiplier: 1, fractions: halves}}
///   message: {wildcard: true}
/// expansion_rules: {the: "(the|my)"}
/// skip_words: ["please"]
/// pronunciations: {zigbee: "zig bee", hue: "h/j/'u:"}
/// ```
struct GrammarFile {
    var language: String?
    var location: SourceLocation
    var intents: [Intent] = []
    var lists: [String: SlotList] = [:]
    var expansionRules: [String: Template] = [:]
    var skipWords: [String] = []
    var pronunciations: [String: String] = [:]

    init(language: String?, location: SourceLocation, intents: [Intent], lists: [String: SlotList],
         expansionRules: [String: Template], skipWords: [String], pronunciations: [String: String]) {
        self.language = language
        self.location = location
        self.intents = intents
        self.lists = lists
        self.expansionRules = expansionRules
        self.skipWords = skipWords
        self.pronunciations = pronunciations
    }

    init(yaml: String, file: String) throws {
        location = SourceLocation(file: file, line: 1)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw GrammarError.invalidYAML(SourceLocation(file: file, line: Self.line(of: error)),
                                           reason: "\(error)".components(separatedBy: "\n").first ?? "\(error)")
        } catch {
            throw GrammarError.invalidYAML(location, reason: "\(error)")
        }
        guard let root else { return }
        let reader = YAMLReader(file: file)
        let top = try reader.mapping(root, "top level")
        for (key, value) in top {
            switch key {
            case "language": language = try reader.string(value, key)
            case "intents": intents = try reader.intents(value)
            case "lists": lists = try reader.lists(value)
            case "expansion_rules": expansionRules = try reader.rules(value, "expansion_rules")
            case "skip_words": skipWords = try reader.strings(value, key)
            case "pronunciations": pronunciations = try reader.pronunciations(value)
            case "responses", "settings": break  // no effect on matching
            default: throw reader.unknownKey(key, value, "top level",
                                             known: ["language", "intents", "lists", "expansion_rules", "skip_words",
                                                     "pronunciations"])
            }
        }
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return 0
        }
    }
}

/// Reads grammar sections from Yams nodes, reporting problems with file and line.
private struct YAMLReader {
    let file: String

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 0)
    }

    func fail(_ node: Node, _ field: String, _ reason: String) -> GrammarError {
        .invalidField(location(node), field: field, reason: reason)
    }

    /// An unknown key, with the closest known key as a suggestion.
    func unknownKey(_ key: String, _ value: Node, _ field: String, known: [String]) -> GrammarError {
        let hint = Suggestion.closest(to: key, in: known).map { " (did you mean '\($0)'?)" } ?? ""
        return fail(value, field, "unknown key '\(key)'\(hint)")
    }

    // MARK: - Shapes

    func mapping(_ node: Node, _ field: String) throws -> [(String, Node)] {
        guard case .mapping(let mapping) = node else { throw fail(node, field, "expected a mapping") }
        return try mapping.map { key, value in
            guard let name = key.scalar?.string else { throw fail(key, field, "expected a text key") }
            return (name, value)
        }
    }

    func sequence(_ node: Node, _ field: String) throws -> [Node] {
        guard case .sequence(let sequence) = node else { throw fail(node, field, "expected a list") }
        return Array(sequence)
    }

    func string(_ node: Node, _ field: String) throws -> String {
        guard let scalar = node.scalar else { throw fail(node, field, "expected text") }
        return scalar.string
    }

    func strings(_ node: Node, _ field: String) throws -> [String] {
        if node.scalar != nil { return [try string(node, field)] }
        return try sequence(node, field).map { try string($0, field) }
    }

    func number(_ node: Node, _ field: String) throws -> Double {
        guard let text = node.scalar?.string, let value = Double(text) else {
            throw fail(node, field, "expected a number, got '\(node.scalar?.string ?? "a collection")'")
        }
        return value
    }

    func bool(_ node: Node, _ field: String) throws -> Bool {
        guard let value = node.bool else { throw fail(node, field, "expected true or false") }
        return value
    }

    /// A plain YAML scalar as a typed slot value: unquoted numbers become numbers.
    func slotValue(_ node: Node, _ field: String) throws -> SlotValue {
        guard let scalar = node.scalar else { throw fail(node, field, "expected a single value") }
        if scalar.style == .plain {
            if let value = Int(scalar.string) { return .int(value) }
            if let value = Double(scalar.string) { return .number(value) }
        }
        return .string(scalar.string)
    }

    func template(_ node: Node, _ field: String) throws -> Template {
        try Template(try string(node, field), location: location(node))
    }

    func rules(_ node: Node, _ field: String) throws -> [String: Template] {
        var rules: [String: Template] = [:]
        for (name, body) in try mapping(node, field) {
            rules[name] = try template(body, "\(field).\(name)")
        }
        return rules
    }

    func contextMap(_ node: Node, _ field: String) throws -> [String: String] {
        var context: [String: String] = [:]
        for (key, value) in try mapping(node, field) { context[key] = try string(value, "\(field).\(key)") }
        return context
    }

    // MARK: - Intents

    func intents(_ node: Node) throws -> [Intent] {
        try mapping(node, "intents").map { name, body in
            var data: [IntentData] = []
            for (key, value) in try mapping(body, "intents.\(name)") {
                guard key == "data" else { throw unknownKey(key, value, "intents.\(name)", known: ["data"]) }
                data = try sequence(value, "intents.\(name).data").map { try intentData($0, "intents.\(name).data") }
            }
            return Intent(name: name, data: data)
        }
    }

    func intentData(_ node: Node, _ field: String) throws -> IntentData {
        var sentences: [Template] = []
        var slots: [String: SlotValue] = [:]
        var requires: [String: ContextRequirement] = [:]
        var excludes: [String: [String]] = [:]
        var response: String?
        var rules: [String: Template] = [:]
        for (key, value) in try mapping(node, field) {
            switch key {
            case "sentences":
                sentences = try sequence(value, "\(field).sentences").map { try template($0, "\(field).sentences") }
            case "slots":
                for (slot, slotNode) in try mapping(value, "\(field).slots") {
                    slots[slot] = try slotValue(slotNode, "\(field).slots.\(slot)")
                }
            case "requires_context":
                for (contextKey, spec) in try mapping(value, "\(field).requires_context") {
                    requires[contextKey] = try requirement(spec, "\(field).requires_context.\(contextKey)", key: contextKey)
                }
            case "excludes_context":
                for (contextKey, spec) in try mapping(value, "\(field).excludes_context") {
                    excludes[contextKey] = try strings(spec, "\(field).excludes_context.\(contextKey)")
                }
            case "response":
                response = try string(value, "\(field).response")
            case "expansion_rules":
                rules = try self.rules(value, "\(field).expansion_rules")
            case "metadata":
                break  // no effect on matching
            default:
                throw unknownKey(key, value, field, known: ["sentences", "slots", "requires_context",
                                                            "excludes_context", "response", "expansion_rules"])
            }
        }
        if sentences.isEmpty { throw fail(node, field, "a data block needs at least one sentence") }
        return IntentData(sentences: sentences, slots: slots, requiresContext: requires, excludesContext: excludes,
                          response: response, expansionRules: rules, location: location(node))
    }

    /// `word: "sounds like"` or `word: "espeak/mnemonics"`: one word each, lowercased.
    func pronunciations(_ node: Node) throws -> [String: String] {
        var result: [String: String] = [:]
        for (word, value) in try mapping(node, "pronunciations") {
            let field = "pronunciations.\(word)"
            guard !word.isEmpty, !word.contains(where: \.isWhitespace) else {
                throw fail(value, field, "a pronunciation is for one word; give each word of '\(word)' its own entry")
            }
            let spoken = try string(value, field)
            if spoken.trimmingCharacters(in: .whitespaces).isEmpty { throw fail(value, field, "empty pronunciation") }
            result[word.lowercased()] = spoken
        }
        return result
    }

    /// `key: value`, `key: [values]` or `key: {value: ..., slot: true | "name"}`.
    func requirement(_ node: Node, _ field: String, key: String) throws -> ContextRequirement {
        guard case .mapping = node else { return ContextRequirement(values: try strings(node, field)) }
        var values: [String] = []
        var slot: String?
        for (name, value) in try mapping(node, field) {
            switch name {
            case "value": values = value.null != nil ? [] : try strings(value, "\(field).value")
            case "slot":
                if let enabled = value.bool { slot = enabled ? key : nil } else { slot = try string(value, "\(field).slot") }
            default: throw fail(value, field, "unknown key '\(name)' (expected value or slot)")
            }
        }
        return ContextRequirement(values: values, slot: slot)
    }

    // MARK: - Lists

    func lists(_ node: Node) throws -> [String: SlotList] {
        var lists: [String: SlotList] = [:]
        for (name, body) in try mapping(node, "lists") {
            lists[name] = try list(body, "lists.\(name)")
        }
        return lists
    }

    func list(_ node: Node, _ field: String) throws -> SlotList {
        for (key, value) in try mapping(node, field) {
            switch key {
            case "values": return SlotList(values: try sequence(value, "\(field).values").map { try listValue($0, "\(field).values") })
            case "range": return SlotList(range: try range(value, "\(field).range"))
            case "wildcard":
                guard try bool(value, "\(field).wildcard") else { break }
                return .wildcard
            default: break
            }
        }
        throw fail(node, field, "expected 'values', 'range' or 'wildcard: true'")
    }

    func listValue(_ node: Node, _ field: String) throws -> SlotList.Value {
        if let text = node.scalar?.string {
            return SlotList.Value(expressions: [try template(node, field).expression], out: .string(text))
        }
        var phrase: Template?
        var out: SlotValue?
        var context: [String: String] = [:]
        for (key, value) in try mapping(node, field) {
            switch key {
            case "in": phrase = try template(value, "\(field).in")
            case "out": out = try slotValue(value, "\(field).out")
            case "context": context = try contextMap(value, "\(field).context")
            case "metadata": break
            default: throw unknownKey(key, value, field, known: ["in", "out", "context"])
            }
        }
        guard let phrase else { throw fail(node, field, "a value needs 'in'") }
        return SlotList.Value(expressions: [phrase.expression], out: out ?? .string(phrase.text), context: context)
    }

    func range(_ node: Node, _ field: String) throws -> SlotList.NumberRange {
        var from: Double?, to: Double?, step = 1.0
        var multiplier: Double?, fractions: Int?
        var digits = true, words = true
        for (key, value) in try mapping(node, field) {
            switch key {
            case "from": from = try number(value, "\(field).from")
            case "to": to = try number(value, "\(field).to")
            case "step": step = try number(value, "\(field).step")
            case "multiplier": multiplier = try number(value, "\(field).multiplier")
            case "digits": digits = try bool(value, "\(field).digits")
            case "words": words = try bool(value, "\(field).words")
            case "fractions":
                switch try string(value, "\(field).fractions") {
                case "halves": fractions = 2
                case "tenths": fractions = 10
                case let other: throw fail(value, "\(field).fractions", "unknown '\(other)' (expected halves or tenths)")
                }
            case "type", "words_language": break  // no effect on matching
            default: throw unknownKey(key, value, field,
                                      known: ["from", "to", "step", "multiplier", "digits", "words", "fractions"])
            }
        }
        guard let from else { throw fail(node, field, "missing 'from'") }
        guard let to else { throw fail(node, field, "missing 'to'") }
        guard step > 0 else { throw fail(node, "\(field).step", "must be positive") }
        guard from <= to else { throw fail(node, field, "'from' \(from) is above 'to' \(to)") }
        return SlotList.NumberRange(from: from, to: to, step: step, fractionDenominator: fractions,
                                    multiplier: multiplier, digits: digits, words: words)
    }
}
