import Home

/// How the satellite server reaches the broker and how long it waits for late audio and other satellites.
struct SatelliteServerSettings: Sendable {
    /// The broker (reconnects with backoff are built in).
    var broker: MQTTClientOptions
    /// How long commands from one room are gathered before the most confident is carried out.
    var dedupWindow: Duration = .milliseconds(1500)
    /// How long an utterance whose `end` arrived with frames missing waits for them before it is dropped.
    var missingFrameGrace: Duration = .seconds(1)
    /// An utterance that hears nothing for this long (its satellite vanished) is dropped.
    var idleTimeout: Duration = .seconds(30)
}
