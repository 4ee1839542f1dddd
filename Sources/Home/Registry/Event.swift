import Foundation

/// Where a request came from.
public enum EventSource: String, Codable, CaseIterable, Sendable {
    case cli
    case voice
    case api
}

/// One entry of the event log: a request, what it targeted, and how it ended.
///
/// Exactly one of `outcome` (success) and `error` (failure) is set.
public struct Event: Codable, Equatable, Sendable {
    /// Increasing identifier, assigned when logged; `events(after:)` pages by it.
    public var id: Int64?
    /// When it happened.
    public var time: Date
    /// Where the request came from.
    public var source: EventSource
    /// The utterance or command line as given.
    public var text: String
    /// The intent name, if the request was an intent.
    public var intent: String?
    /// The intent's slots.
    public var slots: [String: IntentValue]
    /// Names of the devices acted on.
    public var targets: [String]
    /// The response on success.
    public var outcome: String?
    /// The error message on failure.
    public var error: String?
    /// The speech recognizer's confidence (0–1) for a spoken request; `nil` for typed ones.
    public var confidence: Double?

    /// Creates an event; `id` is assigned when it is logged.
    public init(
        time: Date = Date(), source: EventSource, text: String, intent: String? = nil,
        slots: [String: IntentValue] = [:], targets: [String] = [], outcome: String? = nil, error: String? = nil,
        confidence: Double? = nil
    ) {
        self.time = time
        self.source = source
        self.text = text
        self.intent = intent
        self.slots = slots
        self.targets = targets
        self.outcome = outcome
        self.error = error
        self.confidence = confidence
    }

    /// Whether the request succeeded.
    public var succeeded: Bool { error == nil }
}
