import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into task cancellation, so long-running commands shut down cleanly.
enum TerminationSignals {
    /// Runs `body` in a task that SIGINT or SIGTERM cancels, and returns its result.
    static func cancelling<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        return try await task.value
    }
}
