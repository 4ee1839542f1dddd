import GRDB

extension HomeStore {
    // MARK: - Settings

    /// The known settings and their defaults.
    public static let settingDefaults: [String: String] = ["temperature_unit": TemperatureUnit.celsius.rawValue]

    /// Every setting with its current value (defaults filled in).
    public func settings() throws -> [String: String] {
        try read { db in
            let stored = try SettingRecord.fetchAll(db).map { ($0.key, $0.value) }
            return Self.settingDefaults.merging(stored) { _, stored in stored }
        }
    }

    /// Sets a setting after checking its key and value (`temperature_unit`: `celsius` | `fahrenheit`).
    /// - Throws: ``HomeError`` for an unknown key or invalid value.
    public func setSetting(_ key: String, to value: String) throws {
        switch key {
        case "temperature_unit":
            guard TemperatureUnit(rawValue: value.lowercased()) != nil else {
                throw HomeError("invalid temperature_unit '\(value)' (expected celsius or fahrenheit)")
            }
        default:
            throw HomeError.unknown("setting", key, candidates: Array(Self.settingDefaults.keys))
        }
        try write { db in try SettingRecord(key: key, value: value.lowercased()).save(db) }
    }

    /// The unit temperatures are spoken and shown in.
    public func temperatureUnit() throws -> TemperatureUnit {
        try TemperatureUnit(rawValue: settings()["temperature_unit"] ?? "") ?? .celsius
    }
}
