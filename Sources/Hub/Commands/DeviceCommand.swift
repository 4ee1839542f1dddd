import ArgumentParser
import Home

/// `hub device add|list|show|set|remove`: the devices of the home and their state.
struct DeviceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device",
        abstract: "Add, list, show, change and remove devices.",
        subcommands: [Add.self, List.self, Show.self, Set.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a device.",
            discussion: """
                Plugin settings are --config KEY=VALUE pairs (README: "Plugin configuration"), e.g.
                  --plugin mqtt --config friendly_name=kitchen_ceiling --config host=127.0.0.1
                  --plugin http --config url=http://ha.local:8123/api/services/light/{{service}}
                  --plugin exec --config command=/usr/local/bin/lights
                """
        )

        @OptionGroup var options: GlobalOptions
        @Argument(help: "A unique name, e.g. \"desk lamp\".") var name: String
        @Option(help: "What it is: \(DeviceKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: DeviceKind
        @Option(help: "The room it is in.") var room: String
        @Option(help: "The plugin that drives it: virtual, mqtt, http or exec.") var plugin: String = "virtual"
        @Option(name: .customLong("alias"), help: "Another name for it; repeatable.") var aliases: [String] = []
        @Option(name: .customLong("config"), help: ArgumentHelp("Plugin setting; repeatable.", valueName: "key=value"))
        var config: [String] = []

        func run() async throws {
            let settings = try KeyValue.parse(config, option: "--config")
            let store = try options.openStore()
            let plugins = PluginRegistry.standard(store: store)
            guard plugins.names.contains(plugin) else {
                throw ValidationError("unknown plugin '\(plugin)' (expected one of: \(plugins.names.joined(separator: ", ")))")
            }
            let device = try store.addDevice(
                name: name, kind: kind, room: room, plugin: plugin, config: settings, aliases: aliases)
            try Output.emit(device, json: options.json) { "Added \($0.kind.rawValue) '\($0.name)' in \(room)" }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the devices.")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let store = try options.openStore()
            let devices = try store.devices()
            let unit = try store.temperatureUnit()
            try Output.emit(devices, json: options.json) { devices in
                devices.isEmpty ? "no devices" : devices.map { DeviceText.line($0, unit: unit) }.joined(separator: "\n")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one device and its state.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The device's name or alias.") var name: String

        func run() async throws {
            let store = try options.openStore()
            let device = try store.device(named: name)
            let unit = try store.temperatureUnit()
            try Output.emit(device, json: options.json) { DeviceText.details($0, unit: unit) }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a device's state through its plugin.",
            discussion: "Keys: on=true|false, brightness=0…100, color=NAME|#rrggbb, color_temp=KELVIN, target=DEGREES, mode=MODE."
        )

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The device's name or alias.") var name: String
        @Argument(help: ArgumentHelp("New values.", valueName: "key=value")) var values: [String]

        func validate() throws {
            if values.isEmpty { throw ValidationError("give at least one key=value, e.g. on=true") }
        }

        func run() async throws {
            let store = try options.openStore()
            let changes = try KeyValue.parse(values, option: "value")
            let outcome = try await IntentHandler(store: store, plugins: .standard(store: store)).control(
                device: name, values: changes, source: .cli,
                text: (["device", "set", name] + values).joined(separator: " "))
            let unit = try store.temperatureUnit()
            try Output.emit(outcome.devices[0], json: options.json) { DeviceText.details($0, unit: unit) }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a device.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The device's name or alias.") var name: String

        func run() async throws {
            let store = try options.openStore()
            let device = try store.device(named: name)
            try store.removeDevice(name)
            try Output.emit(device, json: options.json) { "Removed \($0.kind.rawValue) '\($0.name)'" }
        }
    }
}

extension DeviceKind: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(parsing: argument) }
}
