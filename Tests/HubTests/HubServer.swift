import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `hub serve --no-audio` on a free loopback port with a private registry and configuration folder,
/// stopped (SIGTERM) when the test is done.
///
/// Everything that waits (for the server, a socket, a child process) waits on a thread of its own through
/// ``offPool(_:)``: Swift concurrency has only as many threads as cores, and a test blocking one would
/// stall the tests running beside it.
final class HubServer: @unchecked Sendable {
    let hub: HubProcess
    let process: Process
    let port: Int
    /// A valid API token.
    let token: String
    private let output: Pipe

    private init(hub: HubProcess, token: String, process: Process, output: Pipe, port: Int) {
        self.hub = hub
        self.token = token
        self.process = process
        self.output = output
        self.port = port
    }

    /// Creates a token in `hub`'s registry, starts the server and waits for it to listen.
    static func start(_ hub: HubProcess) async throws -> HubServer {
        let created = try hub.run("token", "create", "tests", "--json")
        #expect(created.status == 0, "\(created.stderr)")
        let token = try #require((try HubProcess.json(created) as? [String: Any])?["token"] as? String)
        let (process, output) = try hub.start(["serve", "--no-audio", "--http", "127.0.0.1:0"])
        let port = try await offPool { try readPort(from: output, process: process) }
        return HubServer(hub: hub, token: token, process: process, output: output, port: port)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// Sends SIGTERM and waits for the exit status.
    func stop() async throws -> Int32 {
        try await offPool { [process] in
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// The rest of what the server printed after its first line (read after `stop()`).
    func remainingOutput() async throws -> String {
        try await offPool { [output] in String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
    }

    /// One request with the test token (or `token`), answered in full.
    func request(
        _ method: String, _ path: String, body: Data = Data(), token: String?? = .none,
        headers: [String: String] = [:]
    ) async throws -> HTTPTestClient.Response {
        var headers = headers
        if let bearer = token ?? self.token { headers["Authorization"] = "Bearer \(bearer)" }
        let sent = headers
        return try await offPool { [port] in try HTTPTestClient.send(method, path, port: port, body: body, headers: sent) }
    }

    /// A request with a JSON body.
    func request(_ method: String, _ path: String, json: String) async throws -> HTTPTestClient.Response {
        try await request(method, path, body: Data(json.utf8), headers: ["Content-Type": "application/json"])
    }

    /// Reads the event stream until `done` says enough or `timeout` passes; `whileOpen` runs once the
    /// stream's headers have arrived.
    func stream(
        _ path: String, headers: [String: String] = [:], timeout: Double,
        whileOpen: @escaping () throws -> Void = {}, until done: @escaping (String) -> Bool
    ) async throws -> String {
        try await offPool { [port] in
            try HTTPTestClient.stream(path, port: port, headers: headers, timeout: timeout, whileOpen: whileOpen, until: done)
        }
    }

    /// Waits (at most 30 s) for the "dashboard and API on http://127.0.0.1:PORT/" line.
    private static func readPort(from pipe: Pipe, process: Process) throws -> Int {
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        defer { watchdog.cancel() }
        var seen = ""
        while !seen.contains("\n") {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        guard let range = seen.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression),
              let port = Int(seen[range].dropFirst("http://127.0.0.1:".count).dropLast())
        else { throw HTTPTestClient.Failure("hub serve did not announce its port; printed: \(seen)") }
        return port
    }
}

/// Runs blocking work on a thread of its own and waits for it without holding a thread of Swift
/// concurrency's pool or of Dispatch's global queues (a few each; Foundation's `Process` needs the latter).
func offPool<T>(_ body: @escaping () throws -> T) async throws -> T {
    let work = Unchecked(body)
    return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Unchecked<T>, any Error>) in
        Thread {
            do {
                continuation.resume(returning: Unchecked(try work.value()))
            } catch {
                continuation.resume(throwing: error)
            }
        }.start()
    }.value
}

/// Carries a value to and from the thread of ``offPool(_:)``, which alone touches it meanwhile.
struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A small HTTP/1.1 client over a loopback socket, with time-outs, so a test never hangs on the server.
enum HTTPTestClient {
    struct Response {
        let status: Int
        let headers: [String: String]
        let body: Data

        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as a JSON object.
        func object() throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any], "not a JSON object: \(text)")
        }

        /// The body as a JSON array of objects.
        func array() throws -> [[String: Any]] {
            try #require(try JSONSerialization.jsonObject(with: body) as? [[String: Any]], "not a JSON array: \(text)")
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Sends one request with `Connection: close` and reads the answer to the end.
    static func send(_ method: String, _ path: String, port: Int, body: Data, headers: [String: String]) throws -> Response {
        let socket = try open(port: port)
        defer { close(socket) }
        try write(socket, head(method, path, headers: headers, length: body.count) + body)
        shutdown(socket, Int32(SHUT_WR))
        return try parse(readAll(socket))
    }

    /// Opens a request and reads what arrives until `done` says enough or `timeout` passes.
    static func stream(
        _ path: String, port: Int, headers: [String: String], timeout: Double,
        whileOpen: () throws -> Void = {}, until done: (String) -> Bool
    ) throws -> String {
        let socket = try open(port: port, receiveTimeout: 0.5)
        defer { close(socket) }
        try write(socket, head("GET", path, headers: headers, length: 0))
        var seen = ""
        var calledBack = false
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline, !done(seen) {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count > 0 { seen += String(decoding: buffer[0..<count], as: UTF8.self) }
            if count == 0 { break }
            if !calledBack, seen.contains("\r\n\r\n") {
                calledBack = true
                try whileOpen()
            }
        }
        return seen
    }

    private static func head(_ method: String, _ path: String, headers: [String: String], length: Int) -> Data {
        var lines = ["\(method) \(path) HTTP/1.1", "Host: 127.0.0.1", "Connection: close", "Content-Length: \(length)"]
        lines += headers.map { "\($0.key): \($0.value)" }
        return Data((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    private static func open(port: Int, receiveTimeout: Double = 20) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - receiveTimeout.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(fd)
            throw Failure("cannot connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
        }
        return fd
    }

    private static func write(_ socket: Int32, _ data: Data) throws {
        var offset = 0
        while offset < data.count {
            let sent = data.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + offset, data.count - offset, Int32(MSG_NOSIGNAL)) }
            // The server may answer (413) and close before the whole body is sent.
            guard sent > 0 else { return }
            offset += sent
        }
    }

    private static func readAll(_ socket: Int32) throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count > 0 { data.append(contentsOf: buffer[0..<count]); continue }
            if count == 0 || errno == ECONNRESET { return data }
            throw Failure("reading the answer: \(String(cString: strerror(errno)))")
        }
    }

    private static func parse(_ data: Data) throws -> Response {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure("no HTTP answer: \(String(decoding: data, as: UTF8.self))")
        }
        let lines = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[end.upperBound...])
        if headers["transfer-encoding"] == "chunked" { body = dechunk(body) }
        return Response(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ data: Data) -> Data {
        var result = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)),
              let size = Int(String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self), radix: 16), size > 0 {
            let start = lineEnd.upperBound
            guard rest.distance(from: start, to: rest.endIndex) >= size else { break }
            result.append(rest[start..<rest.index(start, offsetBy: size)])
            rest = rest[rest.index(start, offsetBy: size + 2)...]
        }
        return result
    }
}
