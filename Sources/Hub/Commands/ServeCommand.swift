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
        abstract: "Run the hub as a service: HTTP API, dashboard and microphone live loop.",
        discussion: """
            Settings come from --config PATH, else $XDG_CONFIG_HOME/hub/hub.yaml (~/.config/hub/hub.yaml); \
            flags override the file. The API and dashboard need a token: hub token create NAME.
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var grammar: GrammarOptions
    @OptionGroup var speech: SpeechOptions
    @Option(name: .customLong("config"), help: ArgumentHelp("The configuration file.", valueName: "path"))
    var configPath: String?
    @Option(name: .customLong("http"), help: ArgumentHelp(
        "Address of the HTTP API and dashboard (default 127.0.0.1:8123; port 0 picks a free one).", valueName: "host:port"))
    var http: String?
    @Flag(name: .customLong("no-audio"), help: "Run without the microphone live loop.") var noAudio = false

    func validate() throws {
        if let http { _ = try Self.address(http) }
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
        let services = HubServices(
            store: store, plugins: plugins,
            assistant: Assistant(recognizer: IntentRecognizer(grammar: loadedGrammar), store: store, plugins: plugins),
            speech: RecognizerCache(store: store) { [speech] in try speech.recognizer(grammar: loadedGrammar, store: store) })

        let server = APIServer.application(
            services: services, host: settings.http.host, port: settings.http.port, logger: logger
        ) { port in
            Self.announce("hub serve: dashboard and API on http://\(Self.urlHost(settings.http.host)):\(port)/")
        }
        var configuration = ServiceGroupConfiguration(
            services: [server as any Service] + liveLoops(settings, services: services, logger: logger),
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // Open event streams end at shutdown; anything still running after this is cancelled.
        configuration.maximumGracefulShutdownDuration = .seconds(10)
        try await ServiceGroup(configuration: configuration).run()
        Self.announce("hub serve: stopped")
    }

    // MARK: - Live loops

    /// The services that run beside the HTTP server, one per audio input: none with `--no-audio`.
    ///
    /// This is the one place where the microphone live loop of `hub listen` is started, as a
    /// `ServiceLifecycle.Service` fed `settings.audio` and `services`.
    func liveLoops(_ settings: ServeConfiguration, services: HubServices, logger: Logger) -> [any Service] {
        guard !noAudio else { return [] }
        logger.warning("""
            the microphone live loop is not part of this build yet (it arrives with 'hub listen'); \
            serving the HTTP API and dashboard only (pass --no-audio to silence this)
            """)
        return []
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
