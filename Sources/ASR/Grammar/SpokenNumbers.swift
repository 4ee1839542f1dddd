import Foundation

/// Reads numbers written as digits ("21", "20.5", "-3") or spoken in English words
/// ("twenty one", "one hundred and five", "twenty seven hundred", "three thousand",
/// "twenty point five", "twenty one and a half"), and spells numbers as words for sampling.
enum SpokenNumbers {
    /// One way to read a number starting at a position: its value and where it ends.
    struct Reading: Equatable {
        let value: Double
        let end: Int
    }

    static let ones: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
        "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90,
    ]

    // MARK: - Digits

    /// Digits at `start` (`-?[0-9]+([.,][0-9]+)?`), optionally followed by " and a half".
    static func digitReadings(_ text: [Unicode.Scalar], at start: Int) -> [Reading] {
        var index = start
        var literal = ""
        if index < text.count, text[index] == "-" {
            literal.append("-")
            index += 1
        }
        let integerStart = index
        while index < text.count, TextNormalizer.isDigit(text[index]) {
            literal.unicodeScalars.append(text[index])
            index += 1
        }
        guard index > integerStart else { return [] }
        if index + 1 < text.count, text[index] == "." || text[index] == ",", TextNormalizer.isDigit(text[index + 1]) {
            literal.append(".")
            index += 1
            while index < text.count, TextNormalizer.isDigit(text[index]) {
                literal.unicodeScalars.append(text[index])
                index += 1
            }
        }
        guard let value = Double(literal) else { return [] }
        var readings = [Reading(value: value, end: index)]
        let words = Words(text, from: index)
        if let fraction = words.fraction(at: 0) {
            readings.append(Reading(value: value + (value < 0 ? -fraction.value : fraction.value),
                                    end: words.end(of: fraction.count - 1)))
        }
        return readings
    }

    // MARK: - Words

    /// Every prefix of the words at `start` that reads as a number, shortest first.
    static func wordReadings(_ text: [Unicode.Scalar], at start: Int) -> [Reading] {
        let words = Words(text, from: start, leadingSpaceRequired: false)
        guard !words.isEmpty else { return [] }
        var sign = 1.0
        var first = 0
        if words[0] == "minus" || words[0] == "negative" {
            sign = -1
            first = 1
        }
        var readings: [Reading] = []
        if words[first] == "point", let fraction = words.fraction(at: first) {
            readings.append(Reading(value: sign * fraction.value, end: words.end(of: first + fraction.count - 1)))
        }
        for (value, count) in words.cardinals(at: first) {
            let used = first + count
            readings.append(Reading(value: sign * Double(value), end: words.end(of: used - 1)))
            if let fraction = words.fraction(at: used) {
                readings.append(Reading(value: sign * (Double(value) + fraction.value),
                                        end: words.end(of: used + fraction.count - 1)))
            }
        }
        return readings.sorted { $0.end < $1.end }
    }

    // MARK: - Spelling

    /// English words for `number`: 21 → "twenty one", 21.5 → "twenty one point five".
    static func spell(_ number: Double) -> String {
        guard number.isFinite, abs(number) < 1e15 else { return String(number) }
        if number < 0 { return "minus " + spell(-number) }
        let whole = Int(number.rounded(.down))
        var words = spell(whole)
        let fraction = number - Double(whole)
        if fraction > 1e-9 {
            let digits = String(String(format: "%.6f", fraction).dropFirst(2)).replacingOccurrences(
                of: "0+$", with: "", options: .regularExpression)
            let names = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
            words += " point " + digits.compactMap { $0.wholeNumberValue.map { names[$0] } }.joined(separator: " ")
        }
        return words
    }

    private static func spell(_ number: Int) -> String {
        let small = ones.sorted { $0.value < $1.value }.map(\.key)
        let decades = tens.sorted { $0.value < $1.value }.map(\.key)
        switch number {
        case 0..<20:
            return small[number]
        case 20..<100:
            let rest = number % 10
            return decades[number / 10 - 2] + (rest == 0 ? "" : " " + small[rest])
        case 100..<1000:
            let rest = number % 100
            return small[number / 100] + " hundred" + (rest == 0 ? "" : " " + spell(rest))
        case 1000..<1_000_000:
            let rest = number % 1000
            return spell(number / 1000) + " thousand" + (rest == 0 ? "" : " " + spell(rest))
        default:
            return String(number)
        }
    }
}

/// The words of normalized text from a position, with their end offsets.
private struct Words {
    private var words: [String] = []
    private var ends: [Int] = []

    /// Splits up to 16 words of letters and digits, stopping at any other symbol.
    /// When `leadingSpaceRequired`, the first word must follow a space
    /// (used after digits, so "21 and a half" splits but "21and" does not).
    init(_ text: [Unicode.Scalar], from start: Int, leadingSpaceRequired: Bool = true) {
        var index = start
        if leadingSpaceRequired {
            guard index < text.count, text[index] == TextNormalizer.space else { return }
            index += 1
        }
        while index < text.count, words.count < 16 {
            var word = String.UnicodeScalarView()
            while index < text.count, TextNormalizer.isWordCharacter(text[index]) {
                word.append(text[index])
                index += 1
            }
            guard !word.isEmpty else { break }
            words.append(String(word))
            ends.append(index)
            // A symbol such as "%" or "°" ends the number words.
            guard index < text.count, text[index] == TextNormalizer.space else { break }
            index += 1
        }
    }

    var isEmpty: Bool { words.isEmpty }
    subscript(index: Int) -> String? { index < words.count ? words[index] : nil }
    func end(of index: Int) -> Int { ends[index] }

    /// Readings of a whole number at word `index`: (value, words used), shortest first.
    func cardinals(at index: Int) -> [(Int, Int)] {
        var result: [(Int, Int)] = []
        for (value, used) in hundreds(at: index) {
            result.append((value, used))
            guard (1...999).contains(value), self[index + used] == "thousand" else { continue }
            let thousands = value * 1000
            result.append((thousands, used + 1))
            var next = index + used + 1
            if self[next] == "and" { next += 1 }
            for (rest, restUsed) in hundreds(at: next) where rest > 0 && rest < 1000 {
                result.append((thousands + rest, next - index + restUsed))
            }
        }
        return result
    }

    /// 0–9999 as "seven", "twenty one", "one hundred [and] five", "twenty seven hundred".
    private func hundreds(at index: Int) -> [(Int, Int)] {
        var result: [(Int, Int)] = []
        var base = belowHundred(at: index)
        if self[index] == "a", self[index + 1] == "hundred" || self[index + 1] == "thousand" {
            base.append((1, 1))
        }
        for (value, used) in base {
            if !(self[index] == "a" && used == 1) { result.append((value, used)) }
            guard (1...99).contains(value), self[index + used] == "hundred" else { continue }
            let hundreds = value * 100
            result.append((hundreds, used + 1))
            var next = index + used + 1
            if self[next] == "and" { next += 1 }
            for (rest, restUsed) in belowHundred(at: next) where rest > 0 {
                result.append((hundreds + rest, next - index + restUsed))
            }
        }
        return result
    }

    private func belowHundred(at index: Int) -> [(Int, Int)] {
        guard let word = self[index] else { return [] }
        if let value = SpokenNumbers.ones[word] { return [(value, 1)] }
        guard let decade = SpokenNumbers.tens[word] else { return [] }
        var result = [(decade, 1)]
        if let next = self[index + 1], let unit = SpokenNumbers.ones[next], (1...9).contains(unit) {
            result.append((decade + unit, 2))
        }
        return result
    }

    /// "point five", "point two five", "and a half" at word `index`.
    func fraction(at index: Int) -> (value: Double, count: Int)? {
        if self[index] == "and", self[index + 1] == "a", self[index + 2] == "half" {
            return (0.5, 3)
        }
        guard self[index] == "point" else { return nil }
        var digits = ""
        var next = index + 1
        while let word = self[next], let digit = SpokenNumbers.ones[word], digit < 10 {
            digits += String(digit)
            next += 1
        }
        guard !digits.isEmpty, let value = Double("0." + digits) else { return nil }
        return (value, next - index)
    }
}
