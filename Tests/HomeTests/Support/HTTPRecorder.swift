import Foundation
@testable import Home

/// A real HTTP server on 127.0.0.1 (`Fixtures/http_recorder.py`) that records every request.
final class HTTPRecorder {
    /// One request as the server saw it.
    struct Request: Decodable, Equatable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String
    }

    private(set) var port = 0
    private let process = Process()
    private let input = Pipe()
    private let directory: URL
    private let log: URL

    /// Starts the server and waits for it to report its port.
    static func start() async throws -> HTTPRecorder {
        let recorder = try HTTPRecorder()
        let output = recorder.output
        let line = try await BlockingWork.run { output.fileHandleForReading.availableLine() }
        guard let port = Int(line) else { throw HomeError("test: http_recorder.py did not print its port") }
        recorder.port = port
        return recorder
    }

    private let output = Pipe()

    private init() throws {
        directory = try makeTemporaryDirectory()
        log = directory.appendingPathComponent("requests.jsonl")
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/http_recorder.py")
        (process.executableURL, process.arguments) = pythonCommand([script.path, log.path])
        process.standardOutput = output
        process.standardInput = input
        try process.run()
    }

    deinit {
        // Closing its input stops the server (SIGTERM may be blocked; python may sit behind a shim).
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// `http://127.0.0.1:<port>`.
    var base: String { "http://127.0.0.1:\(port)" }

    /// The requests received so far, in order.
    func requests() throws -> [Request] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }
}
