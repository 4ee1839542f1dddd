import Foundation
import Testing
@testable import Home

@Suite struct SettingsTests {
    @Test func temperatureUnitDefaultsToCelsiusAndCanChange() throws {
        let store = try HomeStore.inMemory()
        #expect(try store.temperatureUnit() == .celsius)
        try store.setSetting("temperature_unit", to: "Fahrenheit")
        #expect(try store.temperatureUnit() == .fahrenheit)
        #expect(try store.settings() == ["temperature_unit": "fahrenheit"])
    }

    @Test func rejectsUnknownSettingsAndValues() throws {
        let store = try HomeStore.inMemory()
        #expect(homeErrorMessage { try store.setSetting("temperature_unit", to: "kelvin") }
            == "invalid temperature_unit 'kelvin' (expected celsius or fahrenheit)")
        #expect(homeErrorMessage { try store.setSetting("temprature_unit", to: "celsius") }
            == "unknown setting 'temprature_unit' (did you mean 'temperature_unit'?)")
    }

    @Test func defaultPathPrefersHubDBThenXDGThenHome() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = directory.path
        #expect(try HomeStore.defaultPath(environment: ["HUB_DB": "\(base)/a/x.db", "XDG_DATA_HOME": "\(base)/xdg"])
            == "\(base)/a/x.db")
        #expect(try HomeStore.defaultPath(environment: ["XDG_DATA_HOME": "\(base)/xdg", "HOME": "\(base)/home"])
            == "\(base)/xdg/hub/hub.db")
        #expect(try HomeStore.defaultPath(environment: ["XDG_DATA_HOME": "relative", "HOME": "\(base)/home"])
            == "\(base)/home/.local/share/hub/hub.db")
        for made in ["a", "xdg/hub", "home/.local/share/hub"] {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: "\(base)/\(made)", isDirectory: &isDirectory) && isDirectory.boolValue)
        }
    }

    @Test func defaultPathReportsAnUncreatableDirectory() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("file").path
        _ = FileManager.default.createFile(atPath: file, contents: Data())
        #expect(homeErrorMessage { _ = try HomeStore.defaultPath(environment: ["HUB_DB": "\(file)/sub/hub.db"]) }?
            .hasPrefix("cannot create directory '\(file)/sub' for the hub database") == true)
    }
}
