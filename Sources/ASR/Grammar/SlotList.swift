/// The values a `{list}` reference may match: fixed phrases, a number range, or any text.
///
/// Lists come from the grammar's `lists:` section or are passed to
/// `IntentRecognizer.recognize(_:lists:context:)` at match time (device names, areas), so a new
/// device never requires recompiling the grammar.
public struct SlotList: Sendable {
    /// One list value: the phrases that say it, the slot value it produces and its context.
    public struct Value: Sendable {
        /// Ways to say the value (templates are allowed, e.g. `light[s]`).
        public let phrases: [Expression]
        /// The slot value produced when any phrase matches.
        public let out: SlotValue
        /// Context merged into the intent context when this value matches
        /// (e.g. `["domain": "light", "area": "Kitchen"]`), checked against `requires_context`.
        public let context: [String: String]

        /// A value said by plain-text phrases (names and aliases, not parsed as templates).
        /// - Parameters:
        ///   - phrases: the canonical name first, then aliases.
        ///   - out: the slot value; defaults to the first phrase as written.
        ///   - context: context this value adds when matched.
        public init(phrases: [String], out: SlotValue? = nil, context: [String: String] = [:]) {
            self.phrases = phrases.map { .text(TextNormalizer.normalize($0)) }
            self.out = out ?? .string(phrases.first ?? "")
            self.context = context
        }

        /// A value said by template expressions (as in a grammar's `lists:` section).
        public init(expressions: [Expression], out: SlotValue, context: [String: String] = [:]) {
            self.phrases = expressions
            self.out = out
            self.context = context
        }
    }

    /// A numeric range such as `from: 0, to: 100, step: 1`. Both digits ("21.5") and spoken
    /// words ("twenty one and a half") match; the slot value is the number times `multiplier`.
    public struct NumberRange: Sendable, Hashable {
        /// Smallest accepted number.
        public let from: Double
        /// Largest accepted number.
        public let to: Double
        /// Accepted numbers are `from + k * step`.
        public let step: Double
        /// Fractions also accepted between steps: 2 for halves, 10 for tenths, nil for none.
        public let fractionDenominator: Int?
        /// Factor applied to the spoken number to produce the slot value.
        public let multiplier: Double?
        /// Accept digits ("21").
        public let digits: Bool
        /// Accept number words ("twenty one").
        public let words: Bool

        /// Creates a range; `step` must be positive.
        public init(from: Double, to: Double, step: Double = 1, fractionDenominator: Int? = nil,
                    multiplier: Double? = nil, digits: Bool = true, words: Bool = true) {
            self.from = from
            self.to = to
            self.step = step
            self.fractionDenominator = fractionDenominator
            self.multiplier = multiplier
            self.digits = digits
            self.words = words
        }

        /// True when `number` lies in the range and on a step (or an allowed fraction).
        public func contains(_ number: Double) -> Bool {
            let tolerance = 1e-9
            guard number >= from - tolerance, number <= to + tolerance else { return false }
            let steps = (number - from) / step
            if abs(steps - steps.rounded()) < 1e-6 { return true }
            guard let fractionDenominator else { return false }
            let scaled = number * Double(fractionDenominator)
            return abs(scaled - scaled.rounded()) < 1e-6
        }

        /// The slot value for a spoken `number`.
        func value(for number: Double) -> SlotValue {
            let scaled = multiplier.map { number * $0 } ?? number
            // Round away binary noise such as 0.1 * 3 = 0.30000000000000004.
            return .number((scaled * 1e9).rounded() / 1e9)
        }
    }

    /// What the list matches.
    public enum Kind: Sendable {
        /// Fixed values.
        case values([Value])
        /// A number range.
        case range(NumberRange)
        /// Any non-empty text.
        case wildcard
    }

    /// What the list matches.
    public let kind: Kind
    /// Values grouped for fast lookup by the matcher.
    let index: ValueIndex

    /// A list of fixed values.
    public init(values: [Value]) {
        kind = .values(values)
        index = ValueIndex(values)
    }

    /// A list of plain-text values whose out value is the text itself.
    public init(strings: [String]) {
        self.init(values: strings.map { Value(phrases: [$0]) })
    }

    /// A number range list.
    public init(range: NumberRange) {
        kind = .range(range)
        index = ValueIndex([])
    }

    /// A list matching any non-empty text (hassil's `wildcard: true`).
    public static let wildcard = SlotList(kind: .wildcard)

    private init(kind: Kind) {
        self.kind = kind
        index = ValueIndex([])
    }
}
