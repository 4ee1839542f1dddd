import ArgumentParser
import ASR
import Foundation
import Home

/// Which acoustic model to use and how strict the decoder is.
struct SpeechOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The acoustic model file.",
        discussion: "Defaults to hub-am-v32.bin in $HUB_MODELS, ./models or the models/ folder of the source tree.",
        valueName: "path"))
    var model: String?

    @Option(help: ArgumentHelp("Reject results below this confidence (0–1).",
                               discussion: "Default: the model's fit (<model>.decoder.json beside it), else \(DecoderOptions().threshold)."))
    var threshold: Double?

    @Option(help: ArgumentHelp("Search states kept per frame: more is slower and finds more sentences.",
                               valueName: "n"))
    var maxActive: Int = DecoderOptions().maxActive

    @Option(help: ArgumentHelp("Search paths scoring more than this below the best one are dropped (natural log): "
                               + "less is faster and finds fewer sentences.", valueName: "x"))
    var beam: Float = DecoderOptions().beam

    @Option(help: ArgumentHelp("Cost per frame of explaining speech as garbage instead of by the grammar.",
                               valueName: "x"))
    var garbagePenalty: Float = DecoderOptions().garbagePenalty

    @Option(help: ArgumentHelp("Subtracted from the CTC blank's log posterior on every frame: more lets faint "
                               + "sounds count as phonemes.",
                               discussion: "Default: the model's (<model>.decoder.json), else \(DecoderOptions().blankPenalty).",
                               valueName: "x"))
    var blankPenalty: Float?

    /// The model path after applying the default.
    func modelPath() throws -> String {
        try Self.modelPath(model)
    }

    /// `path`, or the model file `name` in the models folder when it is nil.
    static func modelPath(_ path: String?, default name: String = defaultModel) throws -> String {
        if let path { return path }
        return try AssetLocator.folder("models", variable: "HUB_MODELS") + "/" + name
    }

    /// A recognizer for `grammar` with the registry's `{name}` and `{area}` lists.
    ///
    /// The phoneme inventory (`phonemes.txt`, which folds espeak-ng's names onto the model's symbols) is
    /// read from the model's folder and must list exactly the model's symbols.
    func recognizer(grammar: Grammar, store: HomeStore, context: [String: String] = [:]) throws -> SpeechRecognizer {
        let path = try modelPath()
        let (model, pronouncer) = try Self.acoustics(modelPath: path, overrides: grammar.pronunciations)
        var options = try ModelDecoderSettings.load(forModelAt: path)?.applied(to: DecoderOptions()) ?? DecoderOptions()
        if let threshold { options.threshold = threshold }
        if let blankPenalty { options.blankPenalty = blankPenalty }
        options.maxActive = maxActive
        options.beam = beam
        options.garbagePenalty = garbagePenalty
        return try SpeechRecognizer(
            model: model, grammar: grammar, pronouncer: pronouncer,
            lists: RegistryLists.lists(from: store), context: context, options: options)
    }

    /// The model at `path` and a pronouncer for its phoneme inventory (`phonemes.txt` beside it), which
    /// must list exactly the model's symbols; `overrides` are the grammar's `pronunciations:`.
    static func acoustics(modelPath path: String, overrides: [String: String] = [:]) throws -> (AcousticModel, Pronouncer) {
        let model = try AcousticModel(contentsOf: path)
        let inventoryPath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("phonemes.txt").path
        let inventory = try PhonemeInventory(contentsOf: inventoryPath)
        guard inventory.symbols == model.symbols else {
            throw AssetError(description: "\(inventoryPath) does not list the symbols of \(path) (the model was trained with another inventory)")
        }
        return (model, try Pronouncer(inventory: inventory, overrides: overrides))
    }

    /// The recognizer's model when none is named: the speech-embedding model, with its decoder settings
    /// in `hub-am-v32.decoder.json`.
    static let defaultModel = "hub-am-v32.bin"
}
