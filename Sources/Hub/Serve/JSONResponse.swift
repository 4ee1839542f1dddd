import Foundation
import Hummingbird

/// JSON in and out of the API: bodies read with a size limit and decoded with clear 4xx errors,
/// responses encoded like the CLI's `--json` output.
enum JSONResponse {
    /// The largest JSON body accepted.
    static let maxBody = 64 * 1024

    /// A response whose body is `value` as compact, key-sorted JSON.
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: try Output.jsonLine(value))))
    }

    /// Reads the request body, at most `limit` bytes.
    /// - Throws: 413 ``APIError`` when it is longer.
    static func body(of request: Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(status: .contentTooLarge, message: "request body too large (the limit is \(limit) bytes)")
        }
    }

    /// Reads and decodes a JSON body.
    /// - Throws: 413 for an over-long body, 400 for malformed JSON or a value of the wrong shape.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer = try await body(of: request, limit: maxBody)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIError.badRequest("malformed JSON body: \(describe(error))")
        }
    }

    /// A one-line reason for a decoding failure, naming the key at fault.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).joined(separator: ".")
            return keys.isEmpty ? "" : "'\(keys)': "
        }
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : path(context) + context.debugDescription
        case .keyNotFound(let key, _):
            return "missing key '\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            return path(context) + (context.debugDescription.hasPrefix("expected") ? context.debugDescription : "expected \(type)")
        case .valueNotFound(let type, let context):
            return path(context) + "expected \(type), got null"
        @unknown default:
            return "\(error)"
        }
    }
}
