import ArgumentParser
import Audio
import Foundation
import Logging
import Synchronization

/// `hub satellite --site ROOM`: streams the commands heard in one room to the hub over MQTT.
struct SatelliteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "satellite",
        abstract: "Stream the commands heard in one room to the hub (hub serve) over MQTT and print its results.",
        discussion: """
            Listens to an ALSA capture device or reads an audio file, cuts utterances with the voice activity \
            detector and publishes them on hub/<site>/audio/…; prints each result from hub/<site>/result \
            (--json: the result document). With a file, exits when the hub has answered every utterance, \
            non-zero if one failed or got no answer.
            """
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "This satellite's room (a room name or alias in the hub's registry).") var site: String
    @Option(help: "An ALSA capture device, or an audio file to read instead.") var input = "default"
    @Flag(help: "Read a file as fast as possible instead of at real time.") var fast = false
    @Option(help: "The MQTT broker, HOST[:PORT].") var broker = "127.0.0.1:1883"
    @Option(name: .customLong("trailing-silence-ms"), help: "Silence that ends an utterance, in milliseconds.")
    var trailingSilenceMs = VADConfiguration().trailingSilenceMs
    @Option(help: "Seconds to wait for the broker at start and for the hub's last results.") var timeout = 15.0

    private var inputIsFile: Bool { FileManager.default.fileExists(atPath: input) }
    /// Names that are meant as files, not ALSA devices, even when missing.
    private static let audioExtensions: Set = ["wav", "flac", "ogg", "raw", "mp3", "aiff"]

    func validate() throws {
        do {
            try SatelliteTopics.validate(site: site)
            _ = try BrokerAddress.options(broker)
        } catch {
            throw ValidationError("\(error)")
        }
        guard trailingSilenceMs > 0 else { throw ValidationError("--trailing-silence-ms must be positive, got \(trailingSilenceMs)") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive, got \(timeout)") }
        if fast, !inputIsFile { throw ValidationError("--fast needs an audio file as --input; '\(input)' is not a file") }
        if !inputIsFile, input.contains("/") || Self.audioExtensions.contains(URL(fileURLWithPath: input).pathExtension.lowercased()) {
            throw ValidationError("no such audio file '\(input)'")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrapOnce(level: options.logLevel)
        var settings = SatelliteClient.Settings(site: site)
        settings.vad.trailingSilenceMs = trailingSilenceMs
        settings.realTime = !fast
        settings.timeout = .milliseconds(Int(timeout * 1000))
        let satellite = try SatelliteClient(settings: settings, broker: BrokerAddress.options(broker), logger: Logger(label: "hub.satellite"))
        let (input, isFile, json) = (self.input, inputIsFile, options.json)
        let failures = Atomic<Int>(0)
        let unanswered = try await TerminationSignals.cancelling {
            let source: any AudioSource = isFile ? try AudioFileSource(path: input) : try ALSACapture(device: input)
            return try await satellite.run(source: source) { result in
                if result.error != nil { failures.add(1, ordering: .relaxed) }
                let line = json ? (try? Output.jsonLine(result)) ?? "" : result.summary
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
        }
        if !unanswered.isEmpty {
            FileHandle.standardError.write(Data("error: no result from the hub for \(unanswered.count) utterance(s) within \(timeout) s (is `hub serve --no-http --broker \(broker)` running?)\n".utf8))
            throw ExitCode.failure
        }
        if failures.load(ordering: .relaxed) > 0 { throw ExitCode.failure }
    }
}
