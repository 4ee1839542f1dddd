import ArgumentParser

/// The `hub` command line: configure the home, then control it by typed or spoken commands.
@main
struct HubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "Offline voice-command smart-home hub.",
        discussion: "Everything runs on this machine: nothing is sent to any cloud.",
        version: "0.1.0",
        subcommands: [
            RoomCommand.self, DeviceCommand.self,
            ParseCommand.self, DoCommand.self, EventsCommand.self,
            RecognizeCommand.self, EvalCommand.self,
            VADCommand.self, DevicesCommand.self, BenchCommand.self, SpotCommand.self, ListenCommand.self,
            ServeCommand.self, TokenCommand.self, SatelliteCommand.self,
        ]
    )
}
