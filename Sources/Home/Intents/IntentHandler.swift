import Foundation
import Logging

/// Carries out intents: resolves their targets, applies commands through the plugins, stores the new
/// state, and logs every request, successful or not, in the event log.
///
/// Supported intents and slots:
/// - `HassTurnOn`, `HassTurnOff`: `name` | `area` (+ optional `domain`) | `domain` alone (whole house).
/// - `HassLightSet`: `name` | `area` + one of `brightness` (0–100), `brightness_step` (signed %),
///   `color` (name or `#rrggbb`), `color_temp` (kelvin).
/// - `HassClimateSetTemperature`: `name` | `area` | none + `temperature` or `temperature_step`, in the
///   configured unit.
/// - `HassClimateSetMode`: `name` | `area` | none + `mode`.
/// - `HassClimateGetTemperature`: `name` | `area` | none.
///
/// The context's `area` stands in for a missing `name`/`area` slot.
public struct IntentHandler: Sendable {
    /// The intent names this handler understands.
    public static let intents = [
        "HassTurnOn", "HassTurnOff", "HassLightSet", "HassClimateSetTemperature", "HassClimateSetMode",
        "HassClimateGetTemperature",
    ]

    private let store: HomeStore
    private let controller: DeviceController
    private let logger: Logger

    /// Creates a handler over a registry and the plugins that drive its devices.
    /// - Parameters:
    ///   - store: the registry.
    ///   - plugins: the plugins, by name.
    ///   - logger: where outcomes and failures are logged, besides the event log.
    public init(store: HomeStore, plugins: PluginRegistry, logger: Logger = Logger(label: "hub.home")) {
        self.store = store
        self.controller = DeviceController(store: store, plugins: plugins)
        self.logger = logger
    }

    /// Carries out `request` and logs it.
    /// - Returns: the devices acted on and a short response.
    /// - Throws: ``HomeError`` for an unknown intent, bad slot, no or ambiguous target, or a device
    ///   failure; the failure is logged too. Devices that succeeded keep their new state.
    public func handle(_ request: IntentRequest) async throws -> IntentOutcome {
        let entry = Event(
            source: request.source, text: request.text, intent: request.name, slots: request.slots,
            confidence: request.confidence)
        return try await logging(entry) { targets in
            let unit = try store.temperatureUnit()
            let plan = try plan(request, unit: unit)
            targets = plan.scope.devices.map(\.name)
            let scope = try await perform(plan, unit: unit)
            return (scope.devices, plan.respond(scope, unit))
        }
    }

    /// Drives one device to the given state through its plugin and logs it, as
    /// `hub device set NAME on=true brightness=40` does.
    /// - Parameters:
    ///   - name: the device's name or alias.
    ///   - values: state keys and text values (`on`, `brightness`, `color`, `color_temp`, `target`,
    ///     `mode`); temperatures in the configured unit.
    ///   - source: where the request came from.
    ///   - text: the command line, for the event log.
    /// - Returns: the device with its new state and a response like "Set the kitchen light: brightness=40, on=true".
    /// - Throws: ``HomeError`` for an unknown device, invalid value or device failure (logged); if a
    ///   later command fails, the state reached by the earlier ones is kept.
    public func control(
        device name: String, values: [String: String], source: EventSource = .cli, text: String = ""
    ) async throws -> IntentOutcome {
        let entry = Event(source: source, text: text, slots: values.mapValues { .string($0) })
        return try await logging(entry) { targets in
            var device = try store.device(named: name)
            targets = [device.name]
            let unit = try store.temperatureUnit()
            let change = try DeviceState(parsing: values, for: device.kind, unit: unit)
            for command in try DeviceCommand.commands(reaching: change) {
                device = try await controller.apply(command, to: device, unit: unit)
            }
            let summary = values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            return ([device], "Set \(device.spokenName): \(summary)")
        }
    }

    /// Runs `body` and logs `entry` with its targets and outcome or error.
    private func logging(
        _ entry: Event, _ body: (inout [String]) async throws -> ([Device], String)
    ) async throws -> IntentOutcome {
        var entry = entry
        do {
            let (devices, response) = try await body(&entry.targets)
            entry.outcome = response
            entry = try store.log(entry)
            logger.info("\(entry.intent ?? "control"): \(response)")
            return IntentOutcome(devices: devices, response: response, eventID: entry.id)
        } catch {
            let failure = error as? HomeError ?? HomeError(String(describing: error))
            entry.outcome = nil
            entry.error = failure.message
            logger.warning("\(entry.intent ?? "control") failed: \(failure.message)")
            // The original error matters more than a failure to log it.
            _ = try? store.log(entry)
            throw failure
        }
    }

    // MARK: - Planning

    /// What to do: the targets, the command for each (none for a query), and how to phrase the result.
    struct Plan {
        var scope: TargetScope
        var command: DeviceCommand?
        var respond: (TargetScope, TemperatureUnit) -> String
    }

    private func plan(_ request: IntentRequest, unit: TemperatureUnit) throws -> Plan {
        let resolver = TargetResolver(store: store, request: request)
        let slots = IntentSlots(slots: request.slots)
        switch request.name {
        case "HassTurnOn", "HassTurnOff":
            let on = request.name == "HassTurnOn"
            let scope = try resolver.devices(with: .onOff, noun: "devices")
            return Plan(scope: scope, command: on ? .turnOn : .turnOff) { scope, _ in
                "Turned \(on ? "on" : "off") \(scope.phrase)"
            }
        case "HassLightSet":
            let command = try IntentCommands.lightCommand(slots)
            let scope = try resolver.devices(with: command.capability, noun: "lights")
            return Plan(scope: scope, command: command) { scope, _ in Responses.lightSet(command, scope) }
        case "HassClimateSetTemperature":
            let command = try IntentCommands.temperatureCommand(slots, unit: unit)
            let scope = try resolver.thermostats(single: false)
            return Plan(scope: scope, command: command, respond: Responses.temperatureSet)
        case "HassClimateSetMode":
            guard let text = slots.text("mode") else { throw HomeError("HassClimateSetMode needs a 'mode' slot") }
            let mode = try ClimateMode(parsing: text)
            let scope = try resolver.thermostats(single: false)
            return Plan(scope: scope, command: .setMode(mode)) { scope, _ in
                "Set \(scope.phrase) to \(mode.rawValue.replacingOccurrences(of: "_", with: " "))"
            }
        case "HassClimateGetTemperature":
            let scope = try resolver.thermostats(single: true)
            return Plan(scope: scope, command: nil, respond: Responses.temperatureReport)
        default:
            throw HomeError.unknown("intent", request.name, candidates: Self.intents)
        }
    }

    // MARK: - Performing

    /// Applies the plan's command to every target; all are tried, failures are reported together.
    private func perform(_ plan: Plan, unit: TemperatureUnit) async throws -> TargetScope {
        guard let command = plan.command else { return plan.scope }
        var updated: [Device] = []
        var failures: [String] = []
        for device in plan.scope.devices {
            do {
                updated.append(try await controller.apply(command, to: device, unit: unit))
            } catch {
                failures.append(String(describing: error))
            }
        }
        guard failures.isEmpty else {
            if plan.scope.devices.count == 1 { throw HomeError(failures[0]) }
            throw HomeError("\(failures.count) of \(plan.scope.devices.count) devices failed: \(failures.joined(separator: "; "))")
        }
        return plan.scope.with(updated)
    }
}
