/// The MQTT topics of the satellite protocol (see the README's "Satellites" section).
///
/// | topic | from | payload |
/// | --- | --- | --- |
/// | `hub/<site>/audio/start` | satellite | JSON ``UtteranceStart`` |
/// | `hub/<site>/audio/frame` | satellite | binary ``AudioFrame`` |
/// | `hub/<site>/audio/end` | satellite | JSON ``UtteranceEnd`` |
/// | `hub/<site>/result` | hub | JSON ``SatelliteResult`` |
/// | `hub/intent/<IntentName>` | hub | JSON ``PublishedIntent`` |
enum SatelliteTopics {
    /// The first level of every topic.
    static let root = "hub"
    /// What the hub subscribes to: the audio of every site.
    static let allAudio = "\(root)/+/audio/#"

    /// The three audio messages of an utterance.
    enum AudioKind: String, Sendable {
        case start, frame, end
    }

    /// `hub/<site>/audio/<kind>`.
    static func audio(site: String, _ kind: AudioKind) -> String { "\(root)/\(site)/audio/\(kind.rawValue)" }

    /// `hub/<site>/result`.
    static func result(site: String) -> String { "\(root)/\(site)/result" }

    /// `hub/intent/<name>`.
    static func intent(_ name: String) -> String { "\(root)/intent/\(name)" }

    /// The site and kind of an audio topic, or nil for any other topic.
    static func parseAudio(_ topic: String) -> (site: String, kind: AudioKind)? {
        let parts = topic.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == root, parts[2] == "audio", !parts[1].isEmpty,
              let kind = AudioKind(rawValue: String(parts[3])) else { return nil }
        return (String(parts[1]), kind)
    }

    /// Checks that `site` can be one topic level.
    /// - Throws: ``SatelliteError`` for an empty site, `intent` (reserved) or one containing `/`, `+` or `#`.
    static func validate(site: String) throws {
        guard !site.isEmpty, site != "intent", !site.contains(where: { "/+#".contains($0) }) else {
            throw SatelliteError("invalid site '\(site)' (a room name or id without '/', '+' or '#', not 'intent')")
        }
    }
}
