import ArgumentParser
import ASR
import Audio
import Foundation
import Home

/// `hub listen`: the live loop from a microphone (or a recording) to the devices.
struct ListenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Listen for the wake phrase, then carry out the spoken command; Ctrl-C stops.",
        discussion: """
            Each turn is printed as a line (with --json one object: {"wake_s","start_s","end_s","text","intent",\
            "slots","response","error","endpoint_ms","processing_ms","latency_ms",…}) and logged as an event. \
            Within --follow-up-s of a command another may follow without the wake phrase. On a terminal a \
            status line shows what the hub is doing and the input level.
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var grammar: GrammarOptions
    @OptionGroup var speech: SpeechOptions
    @OptionGroup var wake: WakeOptions
    @Option(help: ArgumentHelp(
        "An ALSA capture device (default, hw:1,0, …) or an audio file, read at full speed.", valueName: "device|file"))
    var input = "default"
    @Option(name: .customLong("alsa-config"), help: ArgumentHelp(
        "An ALSA configuration file that defines the --input device (instead of the system configuration).",
        valueName: "path"))
    var alsaConfig: String?
    @Option(name: .customLong("wake-word"), help: "The wake phrase: any words.") var wakeWord = "computer"
    @Flag(name: .customLong("no-wake"), help: "Take every utterance as a command, without a wake phrase.") var noWake = false
    @Flag(help: "Also say each response aloud with espeak-ng.") var speak = false
    @Option(name: .customLong("trailing-silence-ms"), help: "Silence that ends a command, in milliseconds.")
    var trailingSilenceMs = 200
    @Option(name: .customLong("command-timeout-s"), help: "How long to wait for a command after the wake phrase, in seconds.")
    var commandTimeoutS = 5.0
    @Option(name: .customLong("follow-up-s"), help: "How long after a command another may follow without the wake phrase, in seconds.")
    var followUpS = 4.0

    func validate() throws {
        guard trailingSilenceMs > 0 else { throw ValidationError("--trailing-silence-ms must be positive, got \(trailingSilenceMs)") }
        guard commandTimeoutS > 0 else { throw ValidationError("--command-timeout-s must be positive, got \(commandTimeoutS)") }
        guard followUpS >= 0 else { throw ValidationError("--follow-up-s must not be negative, got \(followUpS)") }
    }

    func run() async throws {
        let store = try options.openStore()
        let speaker = speak ? try Speaker() : nil
        let recognizer = try speech.recognizer(grammar: grammar.load(), store: store)
        let spotter = noWake ? nil : try wake.spotter(phrase: wakeWord, modelPath: speech.model)
        let source = try ListenInput.open(input, alsaConfig: alsaConfig)

        let settings = Self.settings(
            wake: !noWake, trailingSilenceMs: trailingSilenceMs, commandTimeoutS: commandTimeoutS, followUpS: followUpS,
            stepSeconds: recognizer.model.stepSeconds)

        let live = isatty(STDOUT_FILENO) == 1
        let output = StatusLine(json: options.json, live: live)
        let stop = StopSignal { if live { FileHandle.standardOutput.write(Data(StatusLine.erase.utf8)) } }
        let session = ListenSession(
            source: source, spotter: spotter, recognizer: recognizer, store: store,
            plugins: PluginRegistry.standard(store: store), speaker: speaker, output: output, settings: settings)
        try await session.run(stop: stop)
    }

    /// The loop's settings for these flags; `stepSeconds` is the acoustic model's output step.
    static func settings(wake: Bool, trailingSilenceMs: Int = 200, commandTimeoutS: Double = 5, followUpS: Double = 4,
                         stepSeconds: Double) -> ListenSession.Settings {
        let rate = Double(AudioFormat.sampleRate)
        var settings = ListenSession.Settings()
        settings.vad.trailingSilenceMs = trailingSilenceMs
        settings.turns.wakeEnabled = wake
        settings.turns.commandTimeout = Int(commandTimeoutS * rate)
        settings.turns.followUp = Int(followUpS * rate)
        // The spotter reports a wake phrase up to its hold time plus one model step after the phrase ends.
        settings.turns.releaseDelay = Int((KeywordSpotter.holdSeconds + 2 * stepSeconds) * rate)
        return settings
    }
}
