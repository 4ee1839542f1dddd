import ArgumentParser

/// The `hub` command line.
@main
struct HubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "Offline voice-command smart-home hub."
    )
}
