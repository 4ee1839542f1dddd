import ArgumentParser
import Home
import Logging

/// `hub serve --no-http`: the hub's service for satellites (minimal: the HTTP API joins it later).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Recognize and carry out the commands satellites stream over MQTT (hub/<site>/audio/…).",
        discussion: "This build serves satellites only: pass --no-http. Stops cleanly on SIGINT or SIGTERM."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var grammar: GrammarOptions
    @OptionGroup var speech: SpeechOptions
    @Flag(name: .customLong("no-http"), help: "Serve satellites only, without the HTTP API.") var noHTTP = false
    @Option(help: "The MQTT broker, HOST[:PORT].") var broker = "127.0.0.1:1883"
    @Option(name: .customLong("dedup-window"), help: "Seconds that commands heard in one room are gathered so that one is carried out.")
    var dedupWindow = 1.5

    func validate() throws {
        guard noHTTP else { throw ValidationError("the HTTP API is not part of this build: pass --no-http") }
        guard dedupWindow >= 0, dedupWindow <= 10 else { throw ValidationError("--dedup-window must be 0–10 seconds, got \(dedupWindow)") }
        do { _ = try BrokerAddress.options(broker) } catch { throw ValidationError("\(error)") }
    }

    func run() async throws {
        let store = try options.openStore()
        let grammar = try self.grammar.load()
        let settings = SatelliteServerSettings(
            broker: try BrokerAddress.options(broker), dedupWindow: .milliseconds(Int((dedupWindow * 1000).rounded())))
        let speech = self.speech
        try await TerminationSignals.cancelling {
            let server = SatelliteServer(
                settings: settings, store: store, plugins: PluginRegistry.standard(store: store),
                logger: Logger(label: "hub.satellites")
            ) { room in
                try speech.recognizer(grammar: grammar, store: store, context: ["area": room])
            }
            try await server.run()
        }
    }
}
