import Hummingbird

/// The dashboard at `/`: one self-contained page (``DashboardPage``) served without a token; its
/// script calls the API with the token it was opened with (`/?token=…`, then kept in localStorage).
enum Dashboard {
    static func add(to router: Router<some RequestContext>) {
        router.get("/") { _, _ in
            Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                    .contentSecurityPolicy: "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(string: DashboardPage.html)))
        }
    }
}
