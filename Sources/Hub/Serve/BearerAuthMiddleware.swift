import Foundation
import Home
import Hummingbird

/// Lets a request to `/api/…` through only with `Authorization: Bearer <token>` naming a token of the
/// registry (`hub token create`); other paths (the dashboard page) need none.
///
/// `GET /api/events` also takes `?access_token=<token>`, because a browser's `EventSource` cannot send
/// headers. Anything else gets 401 with `WWW-Authenticate: Bearer`.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: HomeStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") || request.uri.path == "/api" else {
            return try await next(request, context)
        }
        guard let secret = Self.secret(in: request) else {
            throw Self.unauthorized("missing bearer token (send 'Authorization: Bearer <token>'; create one with 'hub token create NAME')")
        }
        guard try store.token(authenticating: secret) != nil else {
            throw Self.unauthorized("invalid or revoked token")
        }
        return try await next(request, context)
    }

    /// The token from the `Authorization` header, or from `?access_token=` on the event stream.
    static func secret(in request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
            return parts[1].trimmingCharacters(in: .whitespaces)
        }
        if request.uri.path == "/api/events", let token = request.uri.queryParameters.get("access_token") {
            return token
        }
        return nil
    }

    private static func unauthorized(_ message: String) -> APIError {
        APIError(status: .unauthorized, message: message, headers: [.wwwAuthenticate: "Bearer"])
    }
}
