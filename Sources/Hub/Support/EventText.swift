import Foundation
import Home

/// How events read in the terminal.
enum EventText {
    private static let timeFormat = Date.ISO8601FormatStyle(timeZone: .current).year().month().day()
        .time(includingFractionalSeconds: false)

    /// `2026-11-23T21:30:00 cli  "turn on the kitchen lights" → HassTurnOn [kitchen ceiling] ok: Turned on …`
    static func line(_ event: Event) -> String {
        let intent = event.intent.map { " → \($0)" } ?? ""
        let targets = event.targets.isEmpty ? "" : " [\(event.targets.joined(separator: ", "))]"
        let result = event.error.map { "failed: \($0)" } ?? "ok: \(event.outcome ?? "")"
        return "\(event.time.formatted(timeFormat)) \(event.source.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0)) \"\(event.text)\"\(intent)\(targets) \(result)"
    }
}
