import Foundation
import Home
import Hummingbird
import ServiceLifecycle

/// `GET /api/events`: the event log as server-sent events, one `id: N` + `data: {event JSON}` message per
/// logged event, as it is logged by this server, the CLI, plugins or any other process.
///
/// New rows are found by polling the registry by event id, so writers need not know about the stream.
/// `?last=N` first replays the newest N events, `?after=ID` those after event ID; a reconnecting
/// `EventSource` resumes after its `Last-Event-ID`. The stream ends when the client goes away or the
/// server shuts down.
enum EventStream {
    /// How often the registry is polled for new events.
    static let pollInterval = Duration.milliseconds(250)
    /// How long the stream may stay silent before a comment line keeps proxies (and the check for a
    /// departed client) going.
    static let keepAlive = Duration.seconds(15)

    static func add(to router: Router<some RequestContext>, store: HomeStore) {
        router.get("/api/events") { request, _ in
            let start = try startID(for: request, store: store)
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                var lastID = start
                var silent = Duration.zero
                while !Task.isCancelled, !Task.isShuttingDownGracefully {
                    let events = try store.events(after: lastID)
                    for event in events {
                        try await writer.write(ByteBuffer(string: try message(event)))
                        lastID = event.id ?? lastID
                    }
                    if events.isEmpty, silent >= keepAlive {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        silent = .zero
                    }
                    silent = events.isEmpty ? silent + pollInterval : .zero
                    try? await Task.sleep(for: pollInterval)
                }
                try await writer.finish(nil)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .connection: "keep-alive"],
                body: body)
        }
    }

    /// One server-sent event for a logged event.
    static func message(_ event: Event) throws -> String {
        "id: \(event.id ?? 0)\ndata: \(try Output.jsonLine(event))\n\n"
    }

    /// The id after which to stream: `Last-Event-ID`, else `?after=ID`, else the newest id less
    /// `?last=N` events.
    private static func startID(for request: Request, store: HomeStore) throws -> Int64 {
        let resumed = request.headers.first { $0.name.canonicalName == "last-event-id" }
        if let resumed, let id = Int64(resumed.value) { return id }
        if let after = request.uri.queryParameters.get("after") {
            guard let id = Int64(after), id >= 0 else { throw APIError.badRequest("?after= must be an event id, got '\(after)'") }
            return id
        }
        var last = 0
        if let value = request.uri.queryParameters.get("last") {
            guard let count = Int(value), (0...1000).contains(count) else {
                throw APIError.badRequest("?last= must be a number of events 0–1000, got '\(value)'")
            }
            last = count
        }
        let newest = try store.events(limit: max(last, 1))
        guard let newestID = newest.last?.id else { return 0 }
        return last == 0 ? newestID : (newest.first?.id ?? 1) - 1
    }
}
