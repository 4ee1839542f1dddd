import Dispatch
import Foundation
import Synchronization

/// Ctrl-C (SIGINT) and SIGTERM as a flag the listen loop polls between chunks.
///
/// If the loop does not stop within `grace` (a device read that never returns), the handler runs
/// `finish` itself and exits with status 0.
final class StopSignal {
    private final class Flag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private let flag = Flag()
    private let sources: [any DispatchSourceSignal]

    /// Installs the handlers; `finish` leaves the terminal clean.
    init(grace: DispatchTimeInterval = .seconds(2), finish: @escaping @Sendable () -> Void) {
        let queue = DispatchQueue(label: "hub.listen.signals")
        let flag = flag
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                flag.raised.store(true, ordering: .sequentiallyConsistent)
                queue.asyncAfter(deadline: .now() + grace) {
                    finish()
                    exit(0)
                }
            }
            source.resume()
            return source
        }
    }

    /// Whether a stop was asked for.
    var isRequested: Bool { flag.raised.load(ordering: .sequentiallyConsistent) }
}
