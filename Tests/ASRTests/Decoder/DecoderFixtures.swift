import Audio
import Foundation
@testable import ASR

/// Shared inputs of the decoder tests: the home grammar, the pronouncer, generated homes and
/// synthetic CTC posteriors (no trained model needed).
enum DecoderFixtures {
    static let grammar: Grammar? = try? Grammar.load(paths: [TestPaths.homeGrammar.path])

    static func pronouncer() throws -> Pronouncer { try PronouncerTests.pronouncer() }

    // MARK: - Homes

    static let roomWords = ["Kitchen", "Living Room", "Bedroom", "Office", "Hallway", "Garage", "Basement",
                            "Attic", "Dining Room", "Nursery", "Guest Room", "Laundry", "Pantry", "Porch",
                            "Study", "Bathroom", "Cellar", "Workshop", "Library", "Playroom"]
    static let deviceWords = ["Lamp", "Light", "Heater", "Fan", "Switch", "Strip", "Bulb", "Thermostat",
                              "Sensor", "Plug"]
    static let adjectives = ["Desk", "Floor", "Ceiling", "Reading", "Corner", "Window", "Table", "Wall",
                             "Night", "Bright"]

    /// `name` and `area` lists for a home with `devices` devices spread over `rooms` rooms.
    static func home(devices: Int, rooms: Int) -> [String: SlotList] {
        let areas = Array(roomWords.prefix(rooms))
        var values: [SlotList.Value] = []
        for index in 0..<devices {
            let area = areas[index % areas.count]
            let kind = deviceWords[(index / areas.count) % deviceWords.count]
            let adjective = adjectives[(index / (areas.count * deviceWords.count)) % adjectives.count]
            let domain = switch kind {
            case "Heater", "Thermostat": "climate"
            case "Sensor": "sensor"
            case "Fan": "fan"
            case "Switch", "Plug": "switch"
            default: "light"
            }
            let name = index < areas.count * deviceWords.count ? "\(area) \(kind)" : "\(adjective) \(area) \(kind)"
            values.append(SlotList.Value(phrases: [name], context: ["domain": domain, "area": area]))
        }
        return ["name": SlotList(values: values), "area": SlotList(strings: areas)]
    }

    // MARK: - Synthetic posteriors

    /// Decoder options for the synthetic posteriors below. Their noise frames put blank only a
    /// little ahead, unlike a trained model's confident blanks, so the shipped blank penalty (which
    /// corrects that model's bias) would turn them into phonemes: it is left out here.
    static func options(beam: Float = 12, maxActive: Int = 1500) -> DecoderOptions {
        DecoderOptions(beam: beam, maxActive: maxActive, blankPenalty: 0)
    }

    /// Log posteriors of one frame that strongly favour `symbol`.
    static func peak(_ symbol: Int, symbols: Int) -> [Float] {
        var row = Array(repeating: Float(-10), count: symbols)
        row[symbol] = 0
        return row
    }

    /// A frame where every symbol is about as likely (noise the model cannot read).
    static func flat(symbols: Int, using random: inout SplitMix64) -> [Float] {
        (0..<symbols).map { _ in Float.random(in: -0.5...0.5, using: &random) }
    }

    /// A noise frame as CTC models tend to give it: nearly flat, blank a little ahead.
    static func noise(symbols: Int, using random: inout SplitMix64) -> [Float] {
        var row = flat(symbols: symbols, using: &random)
        row[0] += 1.5
        return row
    }

    /// Silence: blank frames, some noise frames among them.
    static func silence(symbols: Int, frames: ClosedRange<Int>, using random: inout SplitMix64) -> [[Float]] {
        (0..<Int.random(in: frames, using: &random)).map { _ in
            Bool.random(using: &random) ? peak(0, symbols: symbols) : noise(symbols: symbols, using: &random)
        }
    }

    /// CTC-like posteriors for a phoneme id sequence: each phoneme 3–6 frames, optional blanks
    /// between (at least one between equal phonemes), silence before and after.
    static func posteriors(_ phonemes: [Int], symbols: Int, using random: inout SplitMix64) -> [[Float]] {
        var frames = silence(symbols: symbols, frames: 3...25, using: &random)
        var previous: Int?
        for phoneme in phonemes {
            let blanks = phoneme == previous ? Int.random(in: 1...2, using: &random) : Int.random(in: 0...2, using: &random)
            frames += Array(repeating: peak(0, symbols: symbols), count: blanks)
            frames += Array(repeating: peak(phoneme, symbols: symbols), count: Int.random(in: 3...6, using: &random))
            previous = phoneme
        }
        return frames + silence(symbols: symbols, frames: 3...25, using: &random)
    }

    /// Model symbol ids of `sentence`'s words.
    static func phonemes(of sentence: String, pronouncer: Pronouncer) throws -> [Int] {
        let ids = Dictionary(uniqueKeysWithValues: pronouncer.inventory.symbols.enumerated().map { ($1, $0) })
        return try sentence.split(separator: " ").flatMap { try pronouncer.phonemes(String($0)) }.map { ids[$0]! }
    }
}
