import ASR
import Foundation

/// `hub/<site>/result`: what the hub made of one utterance of a satellite.
///
/// The fields of `hub recognize --json` plus the outcome:
/// `{"utterance","site","room","text","intent","slots","confidence","audio_s","ms","response","error","executed","duplicate_of"}`.
/// `intent` is null when nothing was recognized; `error` is set when the site is unknown, the audio was
/// incomplete or the command failed; `duplicate_of` names the utterance of another satellite in the same
/// room that was carried out instead of this one (whose outcome `response`/`error` repeat).
struct SatelliteResult: Codable, Equatable, Sendable {
    var utterance: UUID
    var site: String
    var room: String?
    var text: String?
    var intent: String?
    var slots: [String: SlotValue] = [:]
    var confidence: Double = 0
    var audioSeconds: Double = 0
    var milliseconds: Double = 0
    var response: String?
    var error: String?
    var executed = false
    var duplicateOf: UUID?

    enum CodingKeys: String, CodingKey {
        case utterance, site, room, text, intent, slots, confidence, response, error, executed
        case audioSeconds = "audio_s", milliseconds = "ms", duplicateOf = "duplicate_of"
    }

    /// One line for a person: `kitchen: "turn on the lights" HassTurnOn area=kitchen → Turned on 2 lights…`.
    var summary: String {
        let outcome = error.map { " → error: \($0)" } ?? response.map { " → \($0)" } ?? ""
        let duplicate = duplicateOf.map { " (done by utterance \($0))" } ?? ""
        guard let intent else { return "\(site): (nothing recognized)\(outcome)" }
        return "\(site): \"\(text ?? "")\" \(RecognitionReport.describe(intent, slots)) (confidence \(String(format: "%.2f", confidence)))\(outcome)\(duplicate)"
    }
}

/// `hub/intent/<IntentName>`: a recognized command, for other home software.
///
/// `{"intent":"HassTurnOn","slots":{"area":"kitchen","domain":"light"},"site":"kitchen","room":"kitchen","text":"turn on the lights","confidence":0.93,"utterance":"<UUID>"}`
struct PublishedIntent: Codable, Equatable, Sendable {
    var intent: String
    var slots: [String: SlotValue]
    var site: String
    var room: String
    var text: String
    var confidence: Double
    var utterance: UUID
}
