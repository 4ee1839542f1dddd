import Testing
@testable import ASR

@Test func scratch() throws {
    let grammar = try #require(DecoderFixtures.grammar)
    let pronouncer = try DecoderFixtures.pronouncer()
    let symbols = pronouncer.inventory.symbols
    let lists = DecoderFixtures.home(devices: 30, rooms: 8)
    for options in [DecoderOptions(), DecoderOptions(beam: 1000, maxActive: 1_000_000)] {
        let decoder = try SpeechDecoder(grammar: grammar, pronouncer: pronouncer, symbols: symbols, lists: lists, context: ["area": "Office"], options: options)
        print(decoder.graphSize, decoder.graph.startUnits.count)
        for s in ["flip dehumidifier on", "enable kitchen light", "turn on the kitchen lamp"] {
            let ph = try DecoderFixtures.phonemes(of: s, pronouncer: pronouncer)
            var stream = decoder.makeStream(frameSeconds: 0.03)
            stream.process(ph.flatMap { Array(repeating: DecoderFixtures.peak($0, symbols: symbols.count), count: 3) })
            let r = stream.best()
            print(s, "->", r?.text ?? "nil", r?.confidence ?? -1)
        }
    }
}
