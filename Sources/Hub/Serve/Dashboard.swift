import Foundation
import Home
import Hummingbird

/// The dashboard at `/`: one self-contained page (``DashboardPage``) served without a token; its
/// script calls the API with the token it was opened with (`/?token=…`, then kept in localStorage).
///
/// Opened with a valid `?token=`, the page also carries the home's state and latest events, so it is
/// drawn at once, before its first API call; live updates then come from `GET /api/events`.
enum Dashboard {
    /// How many of the latest events the page lists.
    static let utterances = 15

    static func add(to router: Router<some RequestContext>, store: HomeStore) {
        router.get("/") { request, _ in
            var snapshot: Snapshot?
            if let token = request.uri.queryParameters.get("token"), try store.token(authenticating: token) != nil {
                snapshot = try Snapshot(store: store)
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                    .contentSecurityPolicy: "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(string: try page(with: snapshot))))
        }
    }

    /// The page, with `snapshot` as `window.hubInitial` when given.
    static func page(with snapshot: Snapshot?) throws -> String {
        // `<` only occurs inside JSON strings, where \u003c means the same and cannot end the script.
        let data = try snapshot.map { try Output.jsonLine($0).replacingOccurrences(of: "<", with: "\\u003c") } ?? "null"
        return DashboardPage.html.replacingOccurrences(
            of: DashboardPage.snapshotMarker, with: "<script id=\"hub-initial\">window.hubInitial = \(data);</script>")
    }

    /// What the page shows: the settings, rooms, devices and latest events, as the API returns them.
    struct Snapshot: Encodable {
        let settings: [String: String]
        let rooms: [RoomReport]
        let devices: [Device]
        let events: [Event]

        init(store: HomeStore) throws {
            settings = try store.settings()
            rooms = try store.rooms().map { try RoomReport($0, store: store) }
            devices = try store.devices()
            events = try store.events(limit: Dashboard.utterances)
        }
    }
}
