import CMosquitto
#if canImport(Glibc)
import Glibc
#endif

/// One turn of a libmosquitto network loop on `poll(2)`, in place of `mosquitto_loop`.
///
/// `mosquitto_loop` waits with `select(2)`, which cannot watch a descriptor of 1024 or more: it fails
/// with "invalid arguments" (or aborts the process in libmosquitto's own thread) once a long-running
/// process holds that many files and sockets.
enum MosquittoPoll {
    /// Waits up to `milliseconds` for the client's socket to be readable (or writable, when a packet
    /// is queued) or for `wake` to be readable, then reads, writes and runs the keep-alive step.
    /// - Returns: libmosquitto's status: success, or the error that closed the connection
    ///   (`MOSQ_ERR_NO_CONN` when there is no socket).
    static func step(_ handle: OpaquePointer, milliseconds: Int32, wake: Int32? = nil) -> Int32 {
        let socket = mosquitto_socket(handle)
        guard socket >= 0 else { return MOSQ_ERR_NO_CONN.rawValue }
        let events = Int16(POLLIN) | (mosquitto_want_write(handle) ? Int16(POLLOUT) : 0)
        var descriptors = [pollfd(fd: socket, events: events, revents: 0)]
        if let wake { descriptors.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
        _ = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
        var code = MOSQ_ERR_SUCCESS.rawValue
        if descriptors[0].revents != 0 { code = mosquitto_loop_read(handle, 1) }
        if code == MOSQ_ERR_SUCCESS.rawValue, mosquitto_want_write(handle) { code = mosquitto_loop_write(handle, 1) }
        if code == MOSQ_ERR_SUCCESS.rawValue { code = mosquitto_loop_misc(handle) }
        return code
    }
}
