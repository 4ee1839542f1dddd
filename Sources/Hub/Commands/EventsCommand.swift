import ArgumentParser
import Foundation
import Home

/// `hub events [--follow]`: the log of everything the hub was asked to do.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Show the event log, oldest first; --follow keeps printing new events."
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "How many of the newest events to show.") var limit = 20
    @Flag(help: "Keep running and print events as they happen.") var follow = false

    func run() async throws {
        let store = try options.openStore()
        var last = try store.events(limit: limit)
        try last.forEach(show)
        guard follow else { return }
        var lastID = last.last?.id ?? 0
        while !Task.isCancelled {
            try await Task.sleep(for: .milliseconds(250))
            last = try store.events(after: lastID)
            try last.forEach(show)
            lastID = last.last?.id ?? lastID
        }
    }

    /// Writes straight to the file descriptor, so a reader of a pipe sees each event at once.
    private func show(_ event: Event) throws {
        let line = options.json ? try Output.jsonLine(event) : EventText.line(event)
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
