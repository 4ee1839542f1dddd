import ASR

/// One turn of the listen loop: a command heard (and carried out or not), or a wake phrase without one.
/// Its JSON is one line of `hub listen --json`.
struct ListenTurn: Encodable {
    /// When the wake phrase ended, in seconds of stream; nil for a follow-up or `--no-wake` command.
    var wakeSeconds: Double?
    /// The wake phrase's spotter score.
    var wakeScore: Double?
    /// The command's speech, in seconds of stream (nil after a timeout).
    var startSeconds: Double?
    var endSeconds: Double?
    var text: String?
    var intent: String?
    var slots: [String: SlotValue] = [:]
    var confidence: Double?
    /// What the home answered.
    var response: String?
    /// Why the turn failed: nothing heard, not understood, or the home's error.
    var error: String?
    /// Stream time from the end of speech to the VAD endpoint (the trailing silence), in ms.
    var endpointMs: Double?
    /// Wall time from the endpoint to the intent carried out (recognition + execution), in ms.
    var processingMs: Double?

    /// End of speech → intent executed: `endpointMs + processingMs`.
    var latencyMs: Double? {
        guard let endpointMs, let processingMs else { return nil }
        return endpointMs + processingMs
    }

    /// One plain line for people.
    var summary: String {
        var parts: [String] = []
        if let wakeSeconds { parts.append(String(format: "[wake %.2f s]", wakeSeconds)) }
        if let text { parts.append("\"\(text)\"") }
        if let intent { parts.append(RecognitionReport.describe(intent, slots)) }
        if let response { parts.append("→ \(response)") }
        if let error { parts.append("✗ \(error)") }
        if let latencyMs { parts.append(String(format: "(%.0f ms)", latencyMs)) }
        return parts.joined(separator: " ")
    }

    enum CodingKeys: String, CodingKey {
        case wakeSeconds = "wake_s", wakeScore = "wake_score", startSeconds = "start_s", endSeconds = "end_s"
        case text, intent, slots, confidence, response, error
        case endpointMs = "endpoint_ms", processingMs = "processing_ms", latencyMs = "latency_ms"
    }

    func encode(to encoder: any Encoder) throws {
        func round(_ value: Double?, _ scale: Double) -> Double? { value.map { ($0 * scale).rounded() / scale } }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(round(wakeSeconds, 1000), forKey: .wakeSeconds)
        try container.encodeIfPresent(round(wakeScore, 1000), forKey: .wakeScore)
        try container.encodeIfPresent(round(startSeconds, 1000), forKey: .startSeconds)
        try container.encodeIfPresent(round(endSeconds, 1000), forKey: .endSeconds)
        try container.encode(text, forKey: .text)
        try container.encode(intent, forKey: .intent)
        try container.encode(slots, forKey: .slots)
        try container.encodeIfPresent(round(confidence, 1000), forKey: .confidence)
        try container.encode(response, forKey: .response)
        try container.encode(error, forKey: .error)
        try container.encodeIfPresent(round(endpointMs, 10), forKey: .endpointMs)
        try container.encodeIfPresent(round(processingMs, 10), forKey: .processingMs)
        try container.encodeIfPresent(round(latencyMs, 10), forKey: .latencyMs)
    }
}
