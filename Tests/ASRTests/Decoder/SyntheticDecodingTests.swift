import Audio
import Foundation
import Testing
@testable import ASR

/// The decoder on synthetic posteriors of sentences sampled from `grammars/home.yaml`.
@Suite struct SyntheticDecodingTests {
    static let context = ["area": "Office"]

    /// A decoder over a home of 30 devices in 8 rooms, and its lists.
    static let setup: (decoder: SpeechDecoder, lists: [String: SlotList], pronouncer: Pronouncer)? = {
        guard let grammar = DecoderFixtures.grammar, let pronouncer = try? DecoderFixtures.pronouncer() else { return nil }
        let lists = DecoderFixtures.home(devices: 30, rooms: 8)
        guard let decoder = try? SpeechDecoder(grammar: grammar, pronouncer: pronouncer,
                                               symbols: pronouncer.inventory.symbols, lists: lists, context: context,
                                               options: DecoderFixtures.options())
        else { return nil }
        return (decoder, lists, pronouncer)
    }()

    /// Sampled sentences the text recognizer accepts in `context`, with what it returns.
    static func samples(count: Int, seed: UInt64) throws -> [(sentence: String, match: IntentMatch)] {
        let grammar = try #require(DecoderFixtures.grammar)
        let setup = try #require(Self.setup)
        let recognizer = IntentRecognizer(grammar: grammar)
        var random = SplitMix64(seed: seed)
        var found: [(String, IntentMatch)] = []
        for sentence in grammar.sampleSentences(lists: setup.lists, count: count * 3, using: &random) {
            let speakable = sentence.split(separator: " ").allSatisfy { $0.unicodeScalars.allSatisfy(\.properties.isAlphabetic) || $0.contains("'") }
            guard speakable, let match = recognizer.recognize(sentence, lists: setup.lists, context: context) else { continue }
            found.append((sentence, match))
            if found.count == count { break }
        }
        return found
    }

    @Test func decoderCompiles() throws {
        let setup = try #require(Self.setup)
        #expect(setup.decoder.graphSize.units > 0)
    }

    /// 11 batches of 20 sentences (220 in all), run in parallel.
    @Test(arguments: 0..<11)
    func sampledSentencesDecodeToTheirIntentAndSlots(batch: Int) throws {
        let setup = try #require(Self.setup)
        let symbols = setup.pronouncer.inventory.symbols.count
        var random = SplitMix64(seed: 7 + UInt64(batch))
        let cases = try Self.samples(count: 20, seed: 100 + UInt64(batch))
        #expect(cases.count == 20)
        var failures: [String] = []
        for (sentence, expected) in cases {
            let phonemes = try DecoderFixtures.phonemes(of: sentence, pronouncer: setup.pronouncer)
            var stream = setup.decoder.makeStream(frameSeconds: 0.03)
            stream.process(DecoderFixtures.posteriors(phonemes, symbols: symbols, using: &random))
            guard let result = stream.finish() else {
                failures.append("\(sentence): rejected (best: \(stream.best().map { "\($0.text) \($0.confidence)" } ?? "none"))")
                continue
            }
            if result.intent.intent != expected.intent || result.intent.slots != expected.slots {
                failures.append("\(sentence): got '\(result.text)' \(result.intent.intent) \(result.intent.slots), expected \(expected.intent) \(expected.slots)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count) wrong:\n\(failures.prefix(20).joined(separator: "\n"))")
    }

    @Test func commandTimesCoverTheSpeech() throws {
        let setup = try #require(Self.setup)
        let symbols = setup.pronouncer.inventory.symbols.count
        let phonemes = try DecoderFixtures.phonemes(of: "turn on the kitchen lamp", pronouncer: setup.pronouncer)
        let speech = phonemes.flatMap { Array(repeating: DecoderFixtures.peak($0, symbols: symbols), count: 4) }
        let silence = Array(repeating: DecoderFixtures.peak(0, symbols: symbols), count: 50)
        var stream = setup.decoder.makeStream(frameSeconds: 0.03)
        stream.process(silence + speech + silence)
        let result = try #require(stream.finish())
        #expect(result.text == "turn on the kitchen lamp")
        #expect(result.intent.slots == ["name": .string("Kitchen Lamp")])
        #expect(abs(result.start - 1.5) < 0.001)
        #expect(abs(result.end - (1.5 + Double(speech.count) * 0.03)) < 0.001)
        #expect(result.confidence > 0.9)
    }

    @Test func skipWordsMayFrameTheCommand() throws {
        let setup = try #require(Self.setup)
        let symbols = setup.pronouncer.inventory.symbols.count
        var random = SplitMix64(seed: 13)
        let sentence = "could you turn on the kitchen lamp for me"
        var stream = setup.decoder.makeStream(frameSeconds: 0.03)
        stream.process(DecoderFixtures.posteriors(try DecoderFixtures.phonemes(of: sentence, pronouncer: setup.pronouncer),
                                                  symbols: symbols, using: &random))
        let result = try #require(stream.finish())
        #expect(result.text == sentence)
        #expect(result.intent.intent == "HassTurnOn")
        #expect(result.intent.slots == ["name": .string("Kitchen Lamp")])
    }

    /// Streams are values: a copy taken mid-utterance goes its own way (the search's scratch
    /// buffers are copied on write, not shared).
    @Test func aCopiedStreamDecodesOnItsOwn() throws {
        let setup = try #require(Self.setup)
        let symbols = setup.pronouncer.inventory.symbols.count
        var random = SplitMix64(seed: 21)
        let on = DecoderFixtures.posteriors(try DecoderFixtures.phonemes(of: "turn on the kitchen lamp", pronouncer: setup.pronouncer),
                                            symbols: symbols, using: &random)
        let off = DecoderFixtures.posteriors(try DecoderFixtures.phonemes(of: "turn off the office fan", pronouncer: setup.pronouncer),
                                             symbols: symbols, using: &random)
        let silence = Array(repeating: DecoderFixtures.peak(0, symbols: symbols), count: 40)
        var first = setup.decoder.makeStream(frameSeconds: 0.03)
        first.process(silence)
        var second = first
        first.process(on)
        second.process(off)
        #expect(first.finish()?.text == "turn on the kitchen lamp")
        #expect(second.finish()?.text == "turn off the office fan")
    }

    @Test func resultDoesNotDependOnChunking() throws {
        let setup = try #require(Self.setup)
        let symbols = setup.pronouncer.inventory.symbols.count
        var random = SplitMix64(seed: 11)
        for (sentence, _) in try Self.samples(count: 5, seed: 3) {
            let frames = DecoderFixtures.posteriors(try DecoderFixtures.phonemes(of: sentence, pronouncer: setup.pronouncer),
                                                    symbols: symbols, using: &random)
            var whole = setup.decoder.makeStream(frameSeconds: 0.03)
            whole.process(frames)
            let expected = try #require(whole.best())
            for chunk in [1, 3, 17] {
                var stream = setup.decoder.makeStream(frameSeconds: 0.03)
                for start in stride(from: 0, to: frames.count, by: chunk) {
                    stream.process(Array(frames[start..<min(start + chunk, frames.count)]))
                }
                let result = try #require(stream.best())
                #expect(result.text == expected.text)
                #expect(result.confidence == expected.confidence)
                #expect(result.start == expected.start && result.end == expected.end)
            }
        }
    }

    @Test func outOfGrammarSpeechAndNoiseAreRejected() throws {
        let setup = try #require(Self.setup)
        let symbols = setup.pronouncer.inventory.symbols.count
        var random = SplitMix64(seed: 5)
        var inGrammar: [Double] = []
        for (sentence, _) in try Self.samples(count: 20, seed: 9) {
            var stream = setup.decoder.makeStream(frameSeconds: 0.03)
            stream.process(DecoderFixtures.posteriors(try DecoderFixtures.phonemes(of: sentence, pronouncer: setup.pronouncer),
                                                      symbols: symbols, using: &random))
            inGrammar.append(try #require(stream.best()).confidence)
        }
        let outside = ["what a lovely day it is today", "order me a large pizza with extra cheese",
                       "play some jazz music in the background", "remind me to call my mother tomorrow"]
        var rejected: [Double] = []
        for sentence in outside {
            var stream = setup.decoder.makeStream(frameSeconds: 0.03)
            stream.process(DecoderFixtures.posteriors(try DecoderFixtures.phonemes(of: sentence, pronouncer: setup.pronouncer),
                                                      symbols: symbols, using: &random))
            #expect(stream.finish() == nil, "\(sentence) accepted as \(stream.best()?.text ?? "")")
            rejected.append(stream.best()?.confidence ?? 0)
        }
        for _ in 0..<4 {
            var stream = setup.decoder.makeStream(frameSeconds: 0.03)
            stream.process((0..<150).map { _ in DecoderFixtures.flat(symbols: symbols, using: &random) })
            #expect(stream.finish() == nil, "noise accepted as \(stream.best()?.text ?? "")")
            rejected.append(stream.best()?.confidence ?? 0)
        }
        #expect(rejected.max()! < inGrammar.min()!, "rejected \(rejected), accepted \(inGrammar)")
    }

    /// Steady background noise (an air conditioner, rain) gives frames that are mostly blank with a
    /// faint spread over the phonemes; over a few seconds a short sentence ("i'm cool") fits a handful
    /// of its phonemes in cheaply per frame, but not per phoneme. The search is exhaustive so that
    /// some sentence always fits.
    @Test func quietBackgroundNoiseIsNotACommand() throws {
        let grammar = try Grammar(yaml: """
            language: en
            intents:
              HassClimateSetTemperature:
                data: [{sentences: ["i'm (cool|hot)", "it's (cold|stuffy)"]}]
              HassTurnOn:
                data: [{sentences: ["turn on the kitchen light"]}]
            """, file: "short.yaml")
        let pronouncer = try DecoderFixtures.pronouncer()
        let decoder = try SpeechDecoder(grammar: grammar, pronouncer: pronouncer, symbols: pronouncer.inventory.symbols,
                                        options: DecoderFixtures.options(beam: 1e6, maxActive: Int.max))
        let symbols = pronouncer.inventory.symbols.count
        var random = SplitMix64(seed: 11)
        for _ in 0..<4 {
            var stream = decoder.makeStream(frameSeconds: 0.03)
            stream.process((0..<140).map { _ in
                var row = DecoderFixtures.flat(symbols: symbols, using: &random)
                row[0] += 5
                return row
            })
            let best = try #require(stream.best())
            #expect(stream.finish() == nil, "background noise accepted as \(best.text) (\(best.confidence))")
        }
    }

    /// A fricative the model hears only faintly (an 8 kHz recording keeps little of /s/) comes out as
    /// blank first, its phoneme second. Without a blank penalty "six" loses to "sick", which lacks the
    /// last /s/; with it, the faint frames count for /s/.
    @Test func blankPenaltyLetsFaintPhonemesCount() throws {
        let grammar = try Grammar(yaml: """
            language: en
            intents:
              Word:
                data: [{sentences: ["six", "sick"]}]
            """, file: "words.yaml")
        let pronouncer = try DecoderFixtures.pronouncer()
        let symbols = pronouncer.inventory.symbols.count
        let ids = Dictionary(uniqueKeysWithValues: pronouncer.inventory.symbols.enumerated().map { ($1, $0) })
        let six = try DecoderFixtures.phonemes(of: "six", pronouncer: pronouncer)
        #expect(six.count == 4 && six.first == six.last && six.first == ids["s"])
        let faint = { (phoneme: Int) -> [Float] in
            var row = DecoderFixtures.peak(0, symbols: symbols)
            row[phoneme] = -1.5
            return row
        }
        let silence = Array(repeating: DecoderFixtures.peak(0, symbols: symbols), count: 10)
        let frames = silence + [six[0], six[0], six[1], six[1], six[2], six[2]].map { DecoderFixtures.peak($0, symbols: symbols) }
            + Array(repeating: faint(six[3]), count: 4) + silence
        func decode(blankPenalty: Float) throws -> String {
            let decoder = try SpeechDecoder(grammar: grammar, pronouncer: pronouncer, symbols: pronouncer.inventory.symbols,
                                            options: DecoderOptions(blankPenalty: blankPenalty, threshold: 0))
            var stream = decoder.makeStream(frameSeconds: 0.03)
            stream.process(frames)
            return try #require(stream.best()).text
        }
        #expect(try decode(blankPenalty: 0) == "sick")
        #expect(try decode(blankPenalty: 3) == "six")
        #expect(throws: DecoderError.self) {
            try SpeechDecoder(grammar: grammar, pronouncer: pronouncer, symbols: pronouncer.inventory.symbols,
                              options: DecoderOptions(blankPenalty: -1))
        }
    }
}
