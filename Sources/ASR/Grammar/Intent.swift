/// A sentence template or expansion rule body, with where it was written.
public struct Template: Sendable {
    /// The template as written, e.g. `"turn on [the] {name}"`.
    public let text: String
    /// The parsed template.
    public let expression: Expression
    /// File and line of the template.
    public let location: SourceLocation

    /// Parses `text`; syntax errors name `location`.
    public init(_ text: String, location: SourceLocation) throws {
        self.text = text
        self.expression = try Expression(template: text, location: location)
        self.location = location
    }
}

/// One `requires_context` entry: which values are accepted and whether the value is copied
/// into a slot (hassil's `slot: true` / `slot: "name"`).
public struct ContextRequirement: Sendable, Hashable {
    /// Accepted values; empty means any value, as long as the key is present.
    public let values: [String]
    /// Slot that receives the context value when the match succeeds.
    public let slot: String?

    /// Creates a requirement.
    public init(values: [String], slot: String? = nil) {
        self.values = values
        self.slot = slot
    }

    /// True when a context holding `value` (nil: key absent) satisfies this requirement.
    public func accepts(_ value: String?) -> Bool {
        guard let value else { return false }
        return values.isEmpty || values.contains(value)
    }
}

/// One `data:` block of an intent: sentences sharing fixed slots, context rules and a response.
public struct IntentData: Sendable {
    /// The sentence templates.
    public let sentences: [Template]
    /// Slots added to every match of this block (`slots:`), unless matched from the text.
    public let slots: [String: SlotValue]
    /// Context that must be present (`requires_context:`).
    public let requiresContext: [String: ContextRequirement]
    /// Context values that rule the block out (`excludes_context:`).
    public let excludesContext: [String: [String]]
    /// Response key (`response:`), or nil for the default response.
    public let response: String?
    /// Expansion rules local to this block; they shadow the grammar's rules.
    public let expansionRules: [String: Template]
    /// Where the block starts.
    public let location: SourceLocation

    /// Creates a data block.
    public init(sentences: [Template], slots: [String: SlotValue] = [:],
                requiresContext: [String: ContextRequirement] = [:], excludesContext: [String: [String]] = [:],
                response: String? = nil, expansionRules: [String: Template] = [:], location: SourceLocation) {
        self.sentences = sentences
        self.slots = slots
        self.requiresContext = requiresContext
        self.excludesContext = excludesContext
        self.response = response
        self.expansionRules = expansionRules
        self.location = location
    }

    /// True when a list value with `context` may appear in this block: its context must not
    /// contradict `requires_context` nor hit `excludes_context` (keys it lacks are fine).
    func admits(valueContext context: [String: String]) -> Bool {
        guard !context.isEmpty else { return true }
        for (key, requirement) in requiresContext {
            if let value = context[key], !requirement.values.isEmpty, !requirement.values.contains(value) {
                return false
            }
        }
        for (key, excluded) in excludesContext {
            if let value = context[key], excluded.contains(value) { return false }
        }
        return true
    }
}

/// An intent and its data blocks, possibly gathered from several files.
public struct Intent: Sendable {
    /// Intent name, e.g. `HassTurnOn`.
    public let name: String
    /// Data blocks in file order.
    public internal(set) var data: [IntentData]
}
