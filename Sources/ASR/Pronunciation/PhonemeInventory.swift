import Foundation

/// The model's phoneme table and how raw espeak-ng names fold onto it (`models/phonemes.txt`, shared with training).
///
/// One entry per line; `#` starts a comment line. `SYMBOL` adds the next id (id 0 is `<blank>`);
/// `RAW -> SYM [SYM …]` maps a raw, stress-folded espeak name to canonical symbols (none: drop it).
public struct PhonemeInventory: Sendable, Equatable {
    /// Symbols by id; `symbols[0]` is the CTC blank.
    public let symbols: [String]
    /// Raw espeak names that map to other symbols.
    public let aliases: [String: [String]]

    static let blank = "<blank>"
    static let arrow = "->"

    /// Reads an inventory file.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PronunciationError.badInventory(origin: path, line: 0, problem: "cannot read the phoneme inventory")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), origin: path)
    }

    /// Parses the inventory text; `origin` names it in errors.
    public init(text: String, origin: String) throws {
        var symbols: [String] = []
        var aliases: [String: [String]] = [:]
        var pending: [(line: Int, raw: String, target: [String])] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine).trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let arrow = line.range(of: Self.arrow) {
                let raw = String(line[..<arrow.lowerBound]).trimmingCharacters(in: .whitespaces)
                let target = line[arrow.upperBound...].split(separator: " ").map(String.init)
                pending.append((index + 1, raw, target))
            } else if line.contains(" ") {
                throw PronunciationError.badInventory(origin: origin, line: index + 1, problem: "expected one symbol or 'RAW -> SYMBOLS', got '\(line)'")
            } else if symbols.contains(line) {
                throw PronunciationError.badInventory(origin: origin, line: index + 1, problem: "duplicate symbol '\(line)'")
            } else {
                symbols.append(line)
            }
        }
        guard symbols.first == Self.blank else {
            throw PronunciationError.badInventory(origin: origin, line: 1, problem: "the first symbol must be '\(Self.blank)'")
        }
        for entry in pending {
            if symbols.contains(entry.raw) || aliases[entry.raw] != nil {
                throw PronunciationError.badInventory(origin: origin, line: entry.line, problem: "alias '\(entry.raw)' is already a symbol or alias")
            }
            if let unknown = entry.target.first(where: { !symbols.contains($0) || $0 == Self.blank }) {
                throw PronunciationError.badInventory(origin: origin, line: entry.line, problem: "alias '\(entry.raw)' maps to unknown symbol '\(unknown)'")
            }
            aliases[entry.raw] = entry.target
        }
        self.symbols = symbols
        self.aliases = aliases
    }

    /// Canonical symbols for one raw, stress-folded espeak name, or nil if it is unknown.
    func fold(_ name: String) -> [String]? {
        if let target = aliases[name] { return target }
        return symbols.dropFirst().contains(name) ? [name] : nil
    }
}
