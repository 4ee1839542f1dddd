/// Builds device commands from intent slots.
enum IntentCommands {
    /// The command of a `HassLightSet`: exactly one of `brightness`, `brightness_step`, `color`, `color_temp`.
    static func lightCommand(_ slots: IntentSlots) throws -> DeviceCommand {
        let keys = ["brightness", "brightness_step", "color", "color_temp"]
        let given = keys.filter { slots.slots[$0] != nil }
        guard given.count == 1 else {
            throw HomeError("HassLightSet needs exactly one of: \(keys.joined(separator: ", ")) (got \(given.isEmpty ? "none" : given.joined(separator: ", ")))")
        }
        switch given[0] {
        case "brightness":
            return .setBrightness(try slots.int("brightness", expected: "0–100")!)
        case "brightness_step":
            return .stepBrightness(try slots.int("brightness_step", expected: "a signed percentage")!)
        case "color":
            return .setColor(try LightColor(parsing: slots.text("color") ?? ""))
        default:
            return .setColorTemp(try slots.int("color_temp", expected: "1000–10000 K")!)
        }
    }

    /// The command of a `HassClimateSetTemperature`: `temperature` or `temperature_step`, in `unit`.
    static func temperatureCommand(_ slots: IntentSlots, unit: TemperatureUnit) throws -> DeviceCommand {
        let expected = "a temperature in \(unit.symbol)"
        if let value = try slots.double("temperature", expected: expected) {
            return .setTarget(unit.toCelsius(value))
        }
        if let step = try slots.double("temperature_step", expected: expected) {
            return .stepTarget(unit.stepToCelsius(step))
        }
        throw HomeError("HassClimateSetTemperature needs a 'temperature' or 'temperature_step' slot")
    }
}
