import Foundation

/// A compiled intent grammar in Home Assistant's YAML format (hassil-compatible):
/// intents with sentence templates, slot lists, expansion rules and skip words.
///
/// Several files merge into one grammar (Home Assistant splits `_common.yaml` from per-intent
/// files). Every template is parsed and every `<rule>` resolved when the grammar is built,
/// so errors surface at load time with file, line and fragment.
public struct Grammar: Sendable {
    /// Language code (`language:`), if any file declared one.
    public private(set) var language: String?
    /// Intents in the order they were first seen.
    public private(set) var intents: [Intent]
    /// Slot lists defined by the grammar (`lists:`); runtime lists are passed at match time.
    public private(set) var lists: [String: SlotList]
    /// Expansion rules shared by all intents (`expansion_rules:`).
    public private(set) var expansionRules: [String: Template]
    /// Phrases removed from input before matching (`skip_words:`).
    public private(set) var skipWords: [String]
    /// Words spoken otherwise than espeak-ng reads them (`pronunciations:`), lowercased word →
    /// sounds-like text or espeak mnemonics; for `Pronouncer(inventory:overrides:)`.
    public private(set) var pronunciations: [String: String]
    /// Matcher form of every data block.
    let compiled: [CompiledData]

    // MARK: - Loading

    /// Loads and merges grammar files; a directory contributes its `*.yaml` / `*.yml` files in
    /// name order.
    /// - Throws: `GrammarError` naming the file and line of the first problem.
    public static func load(paths: [String]) throws -> Grammar {
        var parts: [GrammarFile] = []
        for path in paths {
            for file in try yamlFiles(at: path) {
                let text: String
                do {
                    text = try String(contentsOfFile: file, encoding: .utf8)
                } catch {
                    throw GrammarError.unreadable(path: file, reason: error.localizedDescription)
                }
                parts.append(try GrammarFile(yaml: text, file: file))
            }
        }
        return try Grammar(files: parts)
    }

    /// Parses one self-contained YAML document; `file` names it in error messages. Files whose
    /// rules live in another file (Home Assistant's per-intent files) load with `load(paths:)`.
    /// - Throws: `GrammarError` for malformed YAML, templates or unknown rules.
    public init(yaml: String, file: String) throws {
        try self.init(files: [GrammarFile(yaml: yaml, file: file)])
    }

    /// Merges grammars: intents' data blocks are appended, lists, rules and pronunciations of later
    /// grammars replace earlier ones of the same name, skip words are combined.
    public init(merging grammars: [Grammar]) throws {
        try self.init(files: grammars.map {
            GrammarFile(language: $0.language, location: SourceLocation(file: "<merged>", line: 0),
                        intents: $0.intents, lists: $0.lists, expansionRules: $0.expansionRules,
                        skipWords: $0.skipWords, pronunciations: $0.pronunciations)
        })
    }

    private init(files: [GrammarFile]) throws {
        var language: String?
        var intents: [Intent] = []
        var lists: [String: SlotList] = [:]
        var rules: [String: Template] = [:]
        var skipWords: [String] = []
        var pronunciations: [String: String] = [:]
        for file in files {
            if let fileLanguage = file.language {
                if let language, language != fileLanguage {
                    throw GrammarError.languageMismatch(file.location, expected: language, found: fileLanguage)
                }
                language = fileLanguage
            }
            for intent in file.intents {
                if let index = intents.firstIndex(where: { $0.name == intent.name }) {
                    intents[index].data += intent.data
                } else {
                    intents.append(intent)
                }
            }
            lists.merge(file.lists) { _, new in new }
            rules.merge(file.expansionRules) { _, new in new }
            for word in file.skipWords where !skipWords.contains(word) { skipWords.append(word) }
            pronunciations.merge(file.pronunciations) { _, new in new }
        }
        self.language = language
        self.intents = intents
        self.lists = lists
        self.expansionRules = rules
        self.skipWords = skipWords
        self.pronunciations = pronunciations
        compiled = try Self.compile(intents: intents, rules: rules)
    }

    private static func compile(intents: [Intent], rules: [String: Template]) throws -> [CompiledData] {
        var blocks: [CompiledData] = []
        var shared = NodeCompiler { rules[$0] }
        for intent in intents {
            for data in intent.data {
                let known = { Array(rules.keys) + Array(data.expansionRules.keys) }
                var compiler = data.expansionRules.isEmpty
                    ? shared : NodeCompiler { data.expansionRules[$0] ?? rules[$0] }
                let nodes = try data.sentences.map { try compiler.compile($0, knownRules: known()) }
                if data.expansionRules.isEmpty { shared = compiler }
                blocks.append(CompiledData(intent: intent.name, data: data, sentences: nodes))
            }
        }
        return blocks
    }

    private static func yamlFiles(at path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw GrammarError.unreadable(path: path, reason: "no such file or directory")
        }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { (path as NSString).appendingPathComponent($0) }
    }

    // MARK: - Queries

    /// The expansion rule `<name>` as seen from `data`: the block's own rules shadow the
    /// grammar's. Graph builders walking `Expression.rule` resolve references with this.
    public func expansionRule(_ name: String, in data: IntentData? = nil) -> Template? {
        data?.expansionRules[name] ?? expansionRules[name]
    }

    /// Lists that sentences reference but the grammar does not define; the caller must pass
    /// them to `IntentRecognizer.recognize` (e.g. `name`, `area`).
    public var externalLists: Set<String> {
        var referenced = Set<String>()
        for template in intents.flatMap({ $0.data.flatMap { $0.sentences + $0.expansionRules.values } })
            + expansionRules.values {
            template.expression.visit { if case .list(let reference) = $0 { referenced.insert(reference.list) } }
        }
        return referenced.subtracting(lists.keys)
    }
}

/// A data block in matcher form.
struct CompiledData: Sendable {
    let intent: String
    let data: IntentData
    /// Compiled sentences with the literal text each requires (longest first).
    let sentences: [(node: MatchNode, required: [[Unicode.Scalar]])]

    init(intent: String, data: IntentData, sentences: [MatchNode]) {
        self.intent = intent
        self.data = data
        self.sentences = sentences.map { ($0, RequiredText.of($0)) }
    }
}
