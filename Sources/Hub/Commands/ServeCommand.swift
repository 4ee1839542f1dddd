import ArgumentParser
import ASR
import Foundation
import Home
import Logging
import ServiceLifecycle

/// `hub serve`: the hub as a service — the HTTP API and dashboard, the plugins and the live loops,
/// until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the hub as a service: HTTP API, dashboard, microphone live loop and MQTT satellites.",
        discussion: """
            Settings come from --config PATH, else $XDG_CONFIG_HOME/hub/hub.yaml (~/.config/hub/hub.yaml); \
            flags override the file. The API and dashboard need a token: hub token create NAME. Satellites \
            are served when a broker is set (the file's mqtt section or --broker).
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var grammar: GrammarOptions
    @OptionGroup var speech: SpeechOptions
    @OptionGroup var wake: WakeOptions
    @Option(name: .customLong("config"), help: ArgumentHelp("The configuration file.", valueName: "path"))
    var configPath: String?
    @Option(name: .customLong("http"), help: ArgumentHelp(
        "Address of the HTTP API and dashboard (default 127.0.0.1:8123; port 0 picks a free one).", valueName: "host:port"))
    var http: String?
    @Flag(name: .customLong("no-http"), help: "Run without the HTTP API and dashboard.") var noHTTP = false
    @Flag(name: .customLong("no-audio"), help: "Run without the microphone live loop.") var noAudio = false
    @Option(help: ArgumentHelp("The MQTT broker of the satellites (overrides the file's mqtt host and port).",
                               valueName: "host[:port]"))
    var broker: String?
    @Option(name: .customLong("dedup-window"), help: "Seconds that commands heard in one room are gathered so that one is carried out.")
    var dedupWindow = 1.5

    func validate() throws {
        if let http { _ = try Self.address(http) }
        guard dedupWindow >= 0, dedupWindow <= 10 else { throw ValidationError("--dedup-window must be 0–10 seconds, got \(dedupWindow)") }
        if let broker {
            do { _ = try BrokerAddress.options(broker) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() async throws {
        let settings = try resolvedConfiguration()
        var options = self.options
        options.db = options.db ?? settings.db
        let store = try options.openStore()
        var logger = Logger(label: "hub.serve")
        logger.logLevel = options.logLevel

        var grammar = self.grammar
        if grammar.paths.isEmpty { grammar.paths = settings.grammar }
        var speech = self.speech
        speech.model = speech.model ?? settings.model
        let loadedGrammar = try grammar.load()
        let plugins = PluginRegistry.standard(store: store)
        let shared = HubServices(
            store: store, plugins: plugins,
            assistant: Assistant(recognizer: IntentRecognizer(grammar: loadedGrammar), store: store, plugins: plugins),
            speech: RecognizerCache(store: store) { [speech] in try speech.recognizer(grammar: loadedGrammar, store: store) })

        var services: [any Service] = try liveLoops(settings, grammar: loadedGrammar, speech: speech, services: shared, logger: logger)
        if !noHTTP {
            services.insert(APIServer.application(
                services: shared, host: settings.http.host, port: settings.http.port, logger: logger
            ) { port in
                Self.announce("hub serve: dashboard and API on http://\(Self.urlHost(settings.http.host)):\(port)/")
            }, at: 0)
        }
        guard !services.isEmpty else {
            throw ValidationError("nothing to serve: --no-http and --no-audio without a broker for satellites")
        }
        var configuration = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // Open event streams end at shutdown; anything still running after this is cancelled.
        configuration.maximumGracefulShutdownDuration = .seconds(10)
        try await ServiceGroup(configuration: configuration).run()
        Self.announce("hub serve: stopped")
    }

    // MARK: - Live loops

    /// The services that run beside the HTTP server: the satellites' server when a broker is set, and
    /// the microphone loop of `hub listen` unless `--no-audio`. Each stops at the group's graceful shutdown.
    func liveLoops(_ settings: ServeConfiguration, grammar: Grammar, speech: SpeechOptions, services: HubServices,
                   logger: Logger) throws -> [any Service] {
        var loops: [any Service] = []
        if var broker = try brokerOptions(settings) {
            broker.clientID = broker.clientID ?? "hub-\(ProcessInfo.processInfo.processIdentifier)"
            let satellites = SatelliteServerSettings(
                broker: broker, dedupWindow: .milliseconds(Int((dedupWindow * 1000).rounded())))
            let store = services.store
            loops.append(LiveLoop {
                try await SatelliteServer(
                    settings: satellites, store: store, plugins: services.plugins, logger: Logger(label: "hub.satellites")
                ) { room in
                    try speech.recognizer(grammar: grammar, store: store, context: ["area": room])
                }.run()
            })
        }
        if !noAudio {
            let input = settings.audio.input ?? "default"
            let recognizer = try speech.recognizer(grammar: grammar, store: services.store)
            let spotter = try settings.audio.wakeWord.map { try wake.spotter(phrase: $0, modelPath: speech.model) }
                ?? wake.spotter(phrase: "computer", modelPath: speech.model)
            let loopSettings = ListenCommand.settings(wake: true, stepSeconds: recognizer.model.stepSeconds)
            logger.notice("listening on '\(input)' for the wake phrase '\(spotter.phrase)'")
            loops.append(LiveLoop { [services] in
                let session = ListenSession(
                    source: try ListenInput.open(input, alsaConfig: nil), spotter: spotter, recognizer: recognizer,
                    store: services.store, plugins: services.plugins, speaker: nil,
                    output: StatusLine(json: true, live: false), settings: loopSettings)
                try await session.run(stop: nil)
            })
        }
        return loops
    }

    /// The broker from `--broker`, else the file's `mqtt` section; nil when neither names one.
    func brokerOptions(_ settings: ServeConfiguration) throws -> MQTTClientOptions? {
        if let broker {
            var options = try BrokerAddress.options(broker)
            options.username = settings.mqtt?.username
            options.password = settings.mqtt?.password
            return options
        }
        guard let mqtt = settings.mqtt else { return nil }
        var options = MQTTClientOptions(host: mqtt.host, port: Int32(mqtt.port))
        options.username = mqtt.username
        options.password = mqtt.password
        options.clientID = mqtt.clientID
        return options
    }

    // MARK: - Settings

    /// The configuration file's settings with the flags applied over them.
    func resolvedConfiguration() throws -> ServeConfiguration {
        var settings: ServeConfiguration
        if let configPath {
            settings = try ServeConfiguration.load(path: configPath)
        } else {
            let path = ServeConfiguration.defaultPath(environment: ProcessInfo.processInfo.environment)
            settings = FileManager.default.fileExists(atPath: path) ? try ServeConfiguration.load(path: path) : ServeConfiguration()
        }
        if let http {
            (settings.http.host, settings.http.port) = try Self.address(http)
        }
        return settings
    }

    /// Splits `HOST:PORT` (`[::1]:8123` for IPv6); port 0 lets the system pick one.
    static func address(_ text: String) throws -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":") else {
            throw ValidationError("--http '\(text)' is not HOST:PORT, e.g. 127.0.0.1:8123")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--http '\(text)' is not HOST:PORT with a port 0–65535, e.g. 127.0.0.1:8123")
        }
        return (host, port)
    }

    private static func urlHost(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }

    /// One line on stdout, written at once so a supervisor or test reading the pipe sees it; a reader
    /// that has gone away (a closed pipe) is no reason to fail.
    private static func announce(_ line: String) {
        try? FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))
    }
}
