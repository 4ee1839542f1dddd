import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A failure of the test machinery itself (no free port, a server that never listened).
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Loopback TCP helpers for tests that start real servers on 127.0.0.1.
public enum LocalPorts {
    /// A port on 127.0.0.1 that was free a moment ago.
    public static func free() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw TestSetupError("test: no free port: \(String(cString: strerror(errno)))") }
        return Int32(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func accepts(_ port: Int32) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Waits until `port` accepts connections, without blocking a cooperative thread.
    public static func waitUntilAccepting(_ port: Int32, timeout: Double = 10) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !accepts(port) {
            guard Date() < deadline else { throw TestSetupError("test: nothing listening on 127.0.0.1:\(port)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private static func loopback(port: Int32) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
