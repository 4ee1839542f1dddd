import ServiceLifecycle

/// A loop that `hub serve` runs beside the HTTP server (the microphone, the satellites' server),
/// cancelled when the service group shuts down gracefully.
struct LiveLoop: Service {
    let body: @Sendable () async throws -> Void

    init(_ body: @escaping @Sendable () async throws -> Void) {
        self.body = body
    }

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await body() }
    }
}
