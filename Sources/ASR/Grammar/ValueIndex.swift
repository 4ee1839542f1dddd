/// A slot list's value phrases compiled for matching: plain phrases bucketed by their first
/// scalar so that only plausible values are tried at each input position.
struct ValueIndex: Sendable {
    /// A plain-text phrase of value `value`.
    struct PlainPhrase: Sendable {
        let value: Int
        let scalars: [Unicode.Scalar]
    }

    /// A templated phrase (e.g. `light[s]`) of value `value`.
    struct TemplatePhrase: Sendable {
        let value: Int
        let node: MatchNode
    }

    private(set) var plain: [Unicode.Scalar: [PlainPhrase]] = [:]
    private(set) var templated: [TemplatePhrase] = []

    init(_ values: [SlotList.Value]) {
        for (valueIndex, value) in values.enumerated() {
            for phrase in value.phrases {
                if case .text(let text) = phrase {
                    let scalars = Array(text.unicodeScalars.drop { $0 == TextNormalizer.space })
                    guard let first = scalars.first else { continue }
                    plain[first, default: []].append(PlainPhrase(value: valueIndex, scalars: scalars))
                } else {
                    templated.append(TemplatePhrase(value: valueIndex, node: NodeCompiler.compilePhrase(phrase)))
                }
            }
        }
    }
}
