/// Typed reading of an intent's slots, with errors naming the slot and value.
struct IntentSlots {
    let slots: [String: IntentValue]

    /// The slot as text, if present and not empty.
    func text(_ key: String) -> String? {
        guard let value = slots[key] else { return nil }
        let text = value.description.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// The slot as a whole number, if present.
    /// - Throws: ``HomeError`` if it is not a whole number.
    func int(_ key: String, expected: String) throws -> Int? {
        guard let value = slots[key] else { return nil }
        guard let number = value.number, number == number.rounded(), abs(number) < 1e9 else {
            throw HomeError.invalid(key, "'\(value)'", expected: expected)
        }
        return Int(number)
    }

    /// The slot as a number, if present.
    /// - Throws: ``HomeError`` if it is not a number.
    func double(_ key: String, expected: String) throws -> Double? {
        guard let value = slots[key] else { return nil }
        guard let number = value.number, number.isFinite else {
            throw HomeError.invalid(key, "'\(value)'", expected: expected)
        }
        return number
    }

    /// The `domain` slot as a device kind (`light`, `lights`), if present.
    func domain() throws -> DeviceKind? {
        guard let text = text("domain") else { return nil }
        let key = NameMatcher.normalize(text)
        if let kind = DeviceKind.allCases.first(where: { $0.rawValue == key || $0.plural == key }) {
            return kind
        }
        return try DeviceKind(parsing: text)
    }
}
