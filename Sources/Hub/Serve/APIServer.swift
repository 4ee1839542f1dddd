import Hummingbird
import Logging

/// The HTTP side of `hub serve`: the JSON API under `/api`, its auth and errors, and the dashboard at `/`.
enum APIServer {
    /// The router: JSON errors and bearer-token auth around the dashboard and the API routes, and 405
    /// for a known path asked with another method.
    static func router(services: HubServices) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: APIErrorMiddleware())
        router.add(middleware: BearerAuthMiddleware(store: services.store))
        Dashboard.add(to: router, store: services.store)
        HomeRoutes.add(to: router, services: services)
        CommandRoutes.add(to: router, services: services)
        EventStream.add(to: router, store: services.store)
        refuseOtherMethods(router)
        return router
    }

    /// Every path served and the methods it answers, for 405 answers with an `Allow` header.
    static let routes: [(path: String, methods: [HTTPRequest.Method])] = [
        ("/", [.get]),
        ("/api/rooms", [.get]),
        ("/api/rooms/:id", [.get]),
        ("/api/devices", [.get]),
        ("/api/devices/:id", [.get]),
        ("/api/devices/:id/state", [.post]),
        ("/api/settings", [.get]),
        ("/api/command", [.post]),
        ("/api/recognize", [.post]),
        ("/api/events", [.get]),
    ]

    private static func refuseOtherMethods(_ router: Router<BasicRequestContext>) {
        let all: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
        for route in routes {
            let allow = route.methods.map(\.rawValue).joined(separator: ", ")
            for method in all where !route.methods.contains(method) {
                router.on(RouterPath(route.path), method: method, use: { (request: Request, _: BasicRequestContext) -> Response in
                    throw APIError(
                        status: .methodNotAllowed, message: "\(request.method) is not allowed on \(route.path) (allowed: \(allow))",
                        headers: [.allow: allow])
                })
            }
        }
    }

    /// The application serving the router on `host:port`; `onRunning` gets the bound port (useful with port 0).
    static func application(
        services: HubServices, host: String, port: Int, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        Application(
            router: router(services: services),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "hub"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
