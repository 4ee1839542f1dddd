import Foundation
import Home
import Hummingbird

/// An API request that cannot be answered: the status and a message for the client, sent as
/// `{"error":"…"}`.
struct APIError: Error, CustomStringConvertible {
    let status: HTTPResponse.Status
    let message: String
    var headers: HTTPFields = [:]

    var description: String { message }

    static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, message: message) }
    static func notFound(_ message: String) -> APIError { APIError(status: .notFound, message: message) }
    static func unprocessable(_ message: String) -> APIError { APIError(status: .unprocessableContent, message: message) }

    /// The JSON response carrying this error.
    func response() -> Response {
        var response = (try? JSONResponse.make(["error": message], status: status))
            ?? Response(status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

/// Turns every error a handler throws into a JSON error response, so no input can crash the server or
/// leave a client without an answer: ``APIError``s as they are, Hummingbird's (unknown route, body too
/// large) with their status, ``HomeError``s (unknown names, bad values, device failures) as 422.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response()
        } catch let error as HTTPError {
            let message = error.status == .notFound ? "no such route: \(request.method) \(request.uri.path)"
                : error.body ?? error.status.reasonPhrase
            return APIError(status: error.status, message: message, headers: error.headers).response()
        } catch let error as any HTTPResponseError {
            return APIError(status: error.status, message: error.status == .contentTooLarge
                ? "request body too large" : error.status.reasonPhrase).response()
        } catch let error as HomeError {
            return APIError.unprocessable(error.message).response()
        } catch {
            context.logger.error("\(request.method) \(request.uri.path) failed: \(error)")
            return APIError(status: .internalServerError, message: String(describing: error)).response()
        }
    }
}
