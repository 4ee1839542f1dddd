import Foundation

/// Runs blocking work (sockets, child processes) on its own thread, off Swift's cooperative pool
/// and off Dispatch's global queues, whose few threads (one per core) blocking work would starve.
///
/// These threads block SIGPIPE, so writing to a pipe or socket whose reader is gone fails with EPIPE
/// instead of killing the process.
enum BlockingWork {
    /// Runs `body` on a new thread and returns its result.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                blockSIGPIPE()
                continuation.resume(with: Result { try body() })
            }.start()
        }
    }

    /// Starts `body` on a new thread; `wait(timeout:)` on the returned value gets its result.
    static func start<T: Sendable>(_ body: @escaping @Sendable () -> T) -> Pending<T> {
        let pending = Pending<T>()
        Thread {
            blockSIGPIPE()
            pending.finish(body())
        }.start()
        return pending
    }

    /// Blocks SIGPIPE on the calling thread; a SIGPIPE from a write is directed at the writing thread.
    private static func blockSIGPIPE() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
    }

    /// The result of work started with ``start(_:)``.
    final class Pending<T: Sendable>: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var value: T?

        fileprivate func finish(_ result: T) {
            lock.withLock { value = result }
            done.signal()
        }

        /// The result, or `nil` if the work has not finished within `timeout` seconds.
        func wait(timeout: Double) -> T? {
            guard done.wait(timeout: .now() + timeout) == .success else { return nil }
            done.signal()
            return lock.withLock { value }
        }
    }
}
