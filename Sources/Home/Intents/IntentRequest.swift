/// An intent to carry out: its name, typed slots, and where it came from.
///
/// Home knows nothing of grammars; the hub converts a recognised sentence into this.
public struct IntentRequest: Sendable {
    /// The intent name, e.g. `HassTurnOn`.
    public var name: String
    /// Slot values by slot name (`name`, `area`, `domain`, `brightness`, `temperature`…).
    public var slots: [String: IntentValue]
    /// The utterance or command line, for the event log.
    public var text: String
    /// Where the request came from.
    public var source: EventSource
    /// Extra context; `area` (a satellite's room) is used when no `name` or `area` slot is given.
    public var context: [String: String]
    /// How sure the speech recognizer was (0–1), for spoken requests; logged with the event.
    public var confidence: Double?

    /// Creates a request.
    public init(
        name: String, slots: [String: IntentValue] = [:], text: String = "", source: EventSource = .cli,
        context: [String: String] = [:], confidence: Double? = nil
    ) {
        self.name = name
        self.slots = slots
        self.text = text
        self.source = source
        self.context = context
        self.confidence = confidence
    }
}

/// What handling an intent did.
public struct IntentOutcome: Sendable {
    /// The devices acted on or asked about, with their state afterwards.
    public var devices: [Device]
    /// A short sentence for a person, e.g. "Turned on 2 lights in the kitchen".
    public var response: String
    /// The id of the event logged for it.
    public var eventID: Int64?

    /// The names of the devices acted on.
    public var targets: [String] { devices.map(\.name) }
}
