import Foundation
import Testing

/// The dashboard in a real headless Chromium: the page must show the rooms, devices and their state,
/// and the latest utterance, drawn by its own script from the API.
@Suite struct DashboardBrowserTests {
    /// Chromium from Debian (`make deps` installs it).
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func dashboardShowsRoomsDevicesStateAndUtterances() throws {
        let browser = try #require(Self.chromium, "chromium is not installed: run 'make deps' (apt-get install chromium)")
        let hub = try CLITests.demoHome()
        try hub.run("device", "set", "bedside lamp", "on=true", "brightness=40")
        try hub.run("device", "set", "bedroom thermostat", "target=21.5", "mode=heat")
        let server = try HubServer(hub)
        let done = try server.request("POST", "/api/command", json: #"{"text":"turn on the kitchen lights"}"#)
        #expect(done.status == 200)

        let folder = URL(fileURLWithPath: hub.database).deletingLastPathComponent()
        let screenshot = folder.appendingPathComponent("dashboard.png")
        let url = "http://127.0.0.1:\(server.port)/?token=\(server.token)"
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(folder.appendingPathComponent("chromium").path)",
            "--window-size=1280,900", "--virtual-time-budget=5000",
        ]
        let dom = try Self.run(browser, common + ["--dump-dom", url])
        try Self.run(browser, common + ["--screenshot=\(screenshot.path)", url])

        for text in ["kitchen", "bedroom", "kitchen ceiling", "kitchen counter", "bedside lamp", "bedroom thermostat"] {
            #expect(dom.contains(">\(text)<"), "the page shows '\(text)'")
        }
        #expect(dom.contains("on, 40 %"), "the lamp's state")
        #expect(dom.contains("21.5 °C"), "the thermostat's target")
        #expect(dom.contains("turn on the kitchen lights") && dom.contains("HassTurnOn"), "the latest utterance and its intent")
        #expect(dom.contains("Turned on"), "its outcome")
        #expect(!dom.contains("API token needed\"") && dom.contains("id=\"app\"") && !dom.contains("id=\"app\" hidden"))

        let size = try FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int ?? 0
        #expect(size > 20_000, "a screenshot of a drawn page, not a blank one (\(size) bytes)")
        if let keep = ProcessInfo.processInfo.environment["HUB_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: screenshot.path, toPath: keep)
        }
    }

    /// Runs Chromium (at most 90 s) and returns its standard output.
    @discardableResult
    static func run(_ browser: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 90, execute: watchdog)
        defer { watchdog.cancel() }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chromium \(arguments.last ?? "") exited with \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }
}
