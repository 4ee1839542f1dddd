import Dispatch
import Foundation
import Synchronization

/// Ctrl-C (SIGINT) and SIGTERM as a flag the listen loop polls between chunks.
///
/// If the loop does not stop within `grace` (a device read that never returns), the handler runs
/// `finish` itself and exits with status 0.
final class StopSignal: Sendable {
    private let requested = Atomic<Bool>(false)
    private let sources: [any DispatchSourceSignal]

    /// Installs the handlers; `finish` clears the terminal and flushes output.
    init(grace: Duration = .seconds(2), finish: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "hub.listen.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            sources.append(source)
        }
        self.sources = sources
        for source in sources {
            source.setEventHandler { [weak self] in
                self?.requested.store(true, ordering: .sequentiallyConsistent)
                queue.asyncAfter(deadline: .now() + .milliseconds(Int(grace.components.seconds * 1000))) {
                    finish()
                    exit(0)
                }
            }
            source.resume()
        }
    }

    /// Whether a stop was asked for.
    var isRequested: Bool { requested.load(ordering: .sequentiallyConsistent) }
}
