import Testing
@testable import Home

@Suite struct StateValidationTests {
    @Test(arguments: [
        (["brightness": "140"], "invalid brightness 140 (expected 0–100)"),
        (["brightness": "-1"], "invalid brightness -1 (expected 0–100)"),
        (["brightness": "lots"], "invalid brightness 'lots' (expected 0–100)"),
        (["on": "maybe"], "invalid on 'maybe' (expected true or false)"),
        (["color": "gren"], "invalid color 'gren' (expected a color name or #rrggbb) (did you mean 'green'?)"),
        (["color": "#12345g"], "invalid color '#12345g' (expected a color name or #rrggbb)"),
        (["color_temp": "500"], "invalid color_temp 500 (expected 1000–10000 K)"),
        (["brightnes": "10"], "unknown state key 'brightnes' (did you mean 'brightness'?)"),
        (["target": "21"], "a light has no 'target' (expected one of: on, brightness, color, color_temp)"),
    ])
    func rejectsBadLightValues(values: [String: String], message: String) {
        #expect(homeErrorMessage { _ = try DeviceState(parsing: values, for: .light, unit: .celsius) } == message)
    }

    @Test func unknownModeListsTheValidOnes() {
        #expect(homeErrorMessage { _ = try DeviceState(parsing: ["mode": "warm"], for: .climate, unit: .celsius) }
            == "invalid mode 'warm' (expected one of: off, heat, cool, heat_cool, auto, dry, fan_only)")
    }

    @Test func parsesEveryKey() throws {
        let light = try DeviceState(
            parsing: ["on": "off", "brightness": "0", "color": "#FFAA00"], for: .light, unit: .celsius)
        #expect(light == DeviceState(on: false, brightness: 0, color: try LightColor(parsing: "#ffaa00")))
        let climate = try DeviceState(
            parsing: ["target": "21.5", "mode": "Fan Only", "current": "19"], for: .climate, unit: .celsius)
        #expect(climate == DeviceState(target: 21.5, mode: .fanOnly, current: 19))
    }

    @Test func readsTemperaturesInTheConfiguredUnit() throws {
        let state = try DeviceState(parsing: ["target": "68"], for: .climate, unit: .fahrenheit)
        #expect(state.target == 20)
        #expect(homeErrorMessage { _ = try DeviceState(parsing: ["target": "120"], for: .climate, unit: .fahrenheit) }
            == "invalid target 120 (expected 41–95 °F)")
        #expect(homeErrorMessage { _ = try DeviceState(parsing: ["target": "50"], for: .climate, unit: .celsius) }
            == "invalid target 50 (expected 5–35 °C)")
    }

    @Test func colorNamesMapToHex() throws {
        #expect(try LightColor(parsing: "Warm  White").hex == "#ffd6aa")
        #expect(try LightColor(parsing: "#ABCDEF").hex == "#abcdef")
    }

    @Test func kindsParseWithSuggestions() throws {
        #expect(try DeviceKind(parsing: "Light") == .light)
        #expect(homeErrorMessage { _ = try DeviceKind(parsing: "ligt") }
            == "unknown kind 'ligt' (did you mean 'light'?) (expected one of: light, climate, switch, fan)")
    }

    @Test func temperaturesFormatInTheirUnit() {
        #expect(TemperatureUnit.celsius.format(celsius: 21) == "21 °C")
        #expect(TemperatureUnit.celsius.format(celsius: 20.54) == "20.5 °C")
        #expect(TemperatureUnit.fahrenheit.format(celsius: 21) == "69.8 °F")
    }

    @Test func editDistanceCountsEdits() {
        #expect(NameMatcher.distance("kitchn", "kitchen") == 1)
        #expect(NameMatcher.distance("", "abc") == 3)
        #expect(NameMatcher.distance("flaw", "lawn") == 2)
        #expect(NameMatcher.suggestion(for: "zzz", among: ["kitchen"]) == nil)
    }
}
