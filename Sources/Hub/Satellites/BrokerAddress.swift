import Home

/// `--broker HOST[:PORT]` (port 1883 when left out).
enum BrokerAddress {
    /// The client options for `text`.
    /// - Throws: ``SatelliteError`` for an empty host or a port outside 1–65535.
    static func options(_ text: String) throws -> MQTTClientOptions {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty else {
            throw SatelliteError("invalid broker '\(text)' (expected HOST or HOST:PORT, e.g. 127.0.0.1:1883)")
        }
        guard parts.count == 2 else { return MQTTClientOptions(host: String(parts[0])) }
        guard let port = Int32(parts[1]), (1...65535).contains(port) else {
            throw SatelliteError("invalid broker port '\(parts[1])' in '\(text)' (expected 1–65535)")
        }
        return MQTTClientOptions(host: String(parts[0]), port: port)
    }
}
