import ArgumentParser
import Home

/// `hub room add|list|remove`: the rooms (areas) of the home.
struct RoomCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "room",
        abstract: "Add, list and remove rooms.",
        subcommands: [Add.self, List.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a room.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The room's name, e.g. \"living room\".") var name: String
        @Option(name: .customLong("alias"), help: "Another name people use for it; repeatable.") var aliases: [String] = []

        func run() async throws {
            let room = try options.openStore().addRoom(name: name, aliases: aliases)
            try Output.emit(room, json: options.json) { "Added room '\($0.name)'" }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rooms.")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let rooms = try options.openStore().rooms()
            try Output.emit(rooms, json: options.json) { rooms in
                rooms.isEmpty ? "no rooms" : rooms.map { room in
                    room.aliases.isEmpty ? room.name : "\(room.name) (also: \(room.aliases.joined(separator: ", ")))"
                }.joined(separator: "\n")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a room that has no devices.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The room's name or alias.") var name: String

        func run() async throws {
            let store = try options.openStore()
            let room = try store.room(named: name)
            try store.removeRoom(name)
            try Output.emit(room, json: options.json) { "Removed room '\($0.name)'" }
        }
    }
}
