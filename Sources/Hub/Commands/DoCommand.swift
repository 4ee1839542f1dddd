import ArgumentParser
import ASR
import Home

/// `hub do TEXT`: understand a typed command and carry it out.
struct DoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "do",
        abstract: "Parse a sentence, drive the devices it names and print the response."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var grammar: GrammarOptions
    @Argument(help: "The command, e.g. \"turn on the kitchen lights\".") var text: [String]

    func run() async throws {
        let sentence = text.joined(separator: " ")
        let store = try options.openStore()
        let assistant = Assistant(
            recognizer: IntentRecognizer(grammar: try grammar.load()),
            store: store,
            plugins: .standard(store: store))
        let outcome = try await assistant.perform(sentence, source: .cli)
        try Output.emit(OutcomeReport(outcome), json: options.json) { $0.response }
    }
}
