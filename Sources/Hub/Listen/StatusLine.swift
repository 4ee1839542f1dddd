import Foundation

/// Where the listen loop's output goes: turns as plain lines (or JSON), and a live one-line status
/// (listening / heard wake word / level meter / last result) redrawn in place when stdout is a terminal.
final class StatusLine {
    /// What the loop is doing, for the status line.
    enum Activity: String {
        case listening = "listening"
        case awake = "heard wake word, listening for a command"
        case followUp = "listening for a follow-up"
        case thinking = "recognizing"
    }

    private let json: Bool
    private let live: Bool
    private var shown = false
    private var lastResult = ""
    private var lastDraw = ContinuousClock.now

    /// - Parameters:
    ///   - json: print each turn as one JSON object.
    ///   - live: draw the status line (only for a terminal).
    init(json: Bool, live: Bool) {
        self.json = json
        self.live = live
    }

    /// Prints a finished turn on its own line.
    func turn(_ turn: ListenTurn) throws {
        clear()
        write((json ? try Output.jsonLine(turn) : turn.summary) + "\n")
        lastResult = turn.summary
    }

    /// Redraws the status line (at most 20 times a second unless `force`); `levelDB` is the last chunk's level.
    func update(_ activity: Activity, levelDB: Float, force: Bool = false) {
        guard live else { return }
        let now = ContinuousClock.now
        guard force || now - lastDraw >= .milliseconds(50) else { return }
        lastDraw = now
        let bars = Int(((levelDB + 60) / 60 * 20).rounded()).clamped(to: 0...20)
        let meter = String(repeating: "█", count: bars) + String(repeating: "·", count: 20 - bars)
        let last = lastResult.isEmpty ? "" : "  last: \(lastResult)"
        write(Self.erase + "\(activity.rawValue)  \(meter)\(last)")
        shown = true
    }

    /// Removes the status line so the terminal is left clean.
    func clear() {
        guard live, shown else { return }
        write(Self.erase)
        shown = false
    }

    /// Carriage return and erase line.
    static let erase = "\r\u{1B}[2K"

    /// Written straight to stdout (unbuffered), so a pipe sees each turn at once.
    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
