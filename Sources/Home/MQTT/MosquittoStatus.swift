import CMosquitto
import Foundation

/// libmosquitto's return codes as errors and messages, shared by the plugin's connection and the
/// satellites' client.
enum MosquittoStatus {
    /// The message for a libmosquitto return code (the system's for `MOSQ_ERR_ERRNO`).
    static func reason(_ code: Int32) -> String {
        code == MOSQ_ERR_ERRNO.rawValue ? String(cString: strerror(errno)) : String(cString: mosquitto_strerror(code))
    }

    /// - Throws: `HomeError` naming the broker and what could not be done, unless `code` is success.
    static func check(_ code: Int32, broker: String, _ action: String) throws {
        guard code == MOSQ_ERR_SUCCESS.rawValue else {
            throw HomeError("mqtt broker \(broker): cannot \(action): \(reason(code))")
        }
    }
}
