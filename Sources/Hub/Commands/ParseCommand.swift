import ArgumentParser
import ASR

/// `hub parse TEXT`: what the grammar makes of a sentence, without doing anything.
struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print the intent and slots a sentence matches, as JSON.",
        discussion: "The {name} and {area} lists come from the registry, so new devices and rooms are understood at once."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var grammar: GrammarOptions
    @Argument(help: "The sentence, e.g. \"turn on the kitchen lights\".") var text: [String]

    func run() async throws {
        let sentence = text.joined(separator: " ")
        let recognizer = IntentRecognizer(grammar: try grammar.load())
        let match = recognizer.recognize(sentence, lists: try RegistryLists.lists(from: options.openStore()))
        print(try Output.jsonLine(ParseResult(text: sentence, match: match)))
    }
}

/// The JSON shape of a parse: `{"text":…,"intent":…|null,"slots":{…}}`.
struct ParseResult: Encodable {
    let text: String
    let intent: String?
    let slots: [String: SlotValue]

    init(text: String, match: IntentMatch?) {
        self.text = text
        self.intent = match?.intent
        self.slots = match?.slots ?? [:]
    }

    enum CodingKeys: String, CodingKey { case text, intent, slots }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(intent, forKey: .intent) // null when nothing matched
        try container.encode(slots, forKey: .slots)
    }
}
