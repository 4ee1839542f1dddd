/// The HVAC mode of a climate device (Home Assistant's `hvac_mode` names).
public enum ClimateMode: String, Codable, CaseIterable, Sendable {
    case off
    case heat
    case cool
    case heatCool = "heat_cool"
    case auto
    case dry
    case fanOnly = "fan_only"

    /// Parses a mode name (case-insensitive; spaces and dashes count as underscores).
    /// - Throws: ``HomeError`` listing the valid modes.
    public init(parsing text: String) throws {
        let key = NameMatcher.normalize(text)
            .replacingOccurrences(of: " ", with: "_")
            .replacingOccurrences(of: "-", with: "_")
        guard let mode = ClimateMode(rawValue: key) else {
            let valid = ClimateMode.allCases.map(\.rawValue).joined(separator: ", ")
            throw HomeError("invalid mode '\(text)' (expected one of: \(valid))")
        }
        self = mode
    }
}
