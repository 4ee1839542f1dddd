/// The grammar-constrained CTC decoder: compiles a grammar with its runtime lists and intent
/// context into a phoneme graph once, then decodes per-frame logits in `DecoderStream`s.
///
/// Wildcard lists cannot be spoken: sentences that need one are text-only (`IntentRecognizer`).
public struct SpeechDecoder: Sendable {
    /// The decoding settings.
    public let options: DecoderOptions
    /// Size of the compiled graph.
    public let graphSize: DecodingGraphSize
    let graph: DecodingGraph
    let recognizer: IntentRecognizer
    let lists: [String: SlotList]
    let context: [String: String]
    /// Number of model symbols (blank first) that each logits row must have.
    let symbolCount: Int

    /// Compiles `grammar` for a model with `symbols`.
    /// - Parameters:
    ///   - grammar: the intent grammar.
    ///   - pronouncer: gives each word's phonemes (espeak-ng plus overrides).
    ///   - symbols: the acoustic model's symbols, `symbols[0]` being the CTC blank.
    ///   - lists: runtime lists such as `name` and `area` (they shadow grammar lists).
    ///   - context: the intent context, e.g. `["area": "Kitchen"]` for the satellite's room.
    ///   - options: search and confidence settings.
    /// - Throws: `DecoderError` naming an unpronounceable word and its sentence, a phoneme the
    ///   model lacks, a recursive rule or a bad option.
    public init(grammar: Grammar, pronouncer: Pronouncer, symbols: [String], lists: [String: SlotList] = [:],
                context: [String: String] = [:], options: DecoderOptions = DecoderOptions()) throws {
        try options.validate()
        var ids: [String: Int32] = [:]
        for (index, symbol) in symbols.enumerated() where index > 0 { ids[symbol] = Int32(index) }
        let compiled = try GraphCompiler.compile(grammar: grammar, lists: lists, context: context) { word in
            try pronouncer.phonemes(word).map { symbol in
                guard let id = ids[symbol] else { throw DecoderError.unknownSymbol(symbol: symbol, word: word) }
                return id
            }
        }
        graph = compiled.graph
        graphSize = DecodingGraphSize(units: graph.unitCount, arcs: graph.arcCount, words: graph.words.count,
                                      sentences: compiled.sentences)
        recognizer = IntentRecognizer(grammar: grammar)
        self.options = options
        self.lists = lists
        self.context = context
        symbolCount = symbols.count
    }

    /// A new decoding of one utterance whose logits rows are `frameSeconds` apart.
    public func makeStream(frameSeconds: Double) -> DecoderStream {
        DecoderStream(decoder: self, frameSeconds: frameSeconds)
    }
}
