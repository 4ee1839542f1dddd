import ASR
import Home

/// Turns a sentence into device actions: the grammar finds the intent, the home carries it out.
///
/// Every request is logged as an event, including sentences nothing in the grammar matches.
struct Assistant: Sendable {
    let recognizer: IntentRecognizer
    let store: HomeStore
    let plugins: PluginRegistry

    /// Recognizes `text` against the grammar with the registry's lists, then performs the intent.
    /// - Throws: `AssistantError.notUnderstood` when no sentence of the grammar matches, or the
    ///   home's error when the intent cannot be carried out (both are logged as failed events).
    func perform(_ text: String, source: EventSource, context: [String: String] = [:]) async throws -> IntentOutcome {
        let lists = try RegistryLists.lists(from: store)
        guard let match = recognizer.recognize(text, lists: lists, context: context) else {
            let error = AssistantError.notUnderstood(text)
            try store.log(Event(source: source, text: text, error: error.description))
            throw error
        }
        return try await IntentHandler(store: store, plugins: plugins)
            .handle(IntentRequest(match: match, text: text, source: source, context: context))
    }
}

/// Why a sentence could not be acted on before it reached the home.
enum AssistantError: Error, CustomStringConvertible {
    case notUnderstood(String)

    var description: String {
        switch self {
        case .notUnderstood(let text): "sorry, I didn't understand '\(text)'"
        }
    }
}

extension IntentRequest {
    /// The home's request for a grammar match; `confidence` is the speech recognizer's, for spoken ones.
    init(match: IntentMatch, text: String, source: EventSource, context: [String: String] = [:], confidence: Double? = nil) {
        self.init(
            name: match.intent, slots: match.slots.mapValues(IntentValue.init), text: text, source: source,
            context: context, confidence: confidence)
    }
}

extension IntentValue {
    /// The home's copy of a grammar slot value.
    init(_ value: SlotValue) {
        switch value {
        case .string(let string): self = .string(string)
        case .int(let int): self = .int(int)
        case .double(let double): self = .double(double)
        }
    }
}
