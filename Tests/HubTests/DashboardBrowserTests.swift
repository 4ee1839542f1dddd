import Foundation
import Testing

/// The dashboard in a real headless Chromium: the page must show the rooms, devices and their state,
/// and the latest utterance, drawn by its own script from the API.
@Suite struct DashboardBrowserTests {
    /// Chromium from Debian (`make deps` installs it).
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func dashboardShowsRoomsDevicesStateAndUtterances() async throws {
        let browser = try #require(Self.chromium, "chromium is not installed: run 'make deps' (apt-get install chromium)")
        let hub = try CLITests.demoHome()
        try hub.run("device", "set", "bedside lamp", "on=true", "brightness=40")
        try hub.run("device", "set", "bedroom thermostat", "target=21.5", "mode=heat")
        let server = try await HubServer.start(hub)
        let done = try await server.request("POST", "/api/command", json: #"{"text":"turn on the kitchen lights"}"#)
        #expect(done.status == 200)

        let folder = URL(fileURLWithPath: hub.database).deletingLastPathComponent()
        let screenshot = folder.appendingPathComponent("dashboard.png")
        let url = "http://127.0.0.1:\(server.port)/?token=\(server.token)"
        // No --virtual-time-budget: virtual time stops while a fetch is pending, and the page's event
        // stream never ends. The page is drawn from the state it carries before its load event, when
        // Chromium dumps and shoots it.
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(folder.appendingPathComponent("chromium").path)", "--window-size=1280,900",
        ]
        let dom = try await Self.run(browser, common + ["--dump-dom", url])
        _ = try await Self.run(browser, common + ["--screenshot=\(screenshot.path)", url])

        #expect(!dom.contains("hubInitial = {"), "the page drew its state and dropped the data it carried")
        for room in ["kitchen", "bedroom"] {
            #expect(dom.contains("<h2>\(room)</h2>"), "the page shows the room '\(room)'")
        }
        for device in ["kitchen ceiling", "kitchen counter", "bedside lamp", "bedroom thermostat"] {
            #expect(dom.contains(#"<span class="name">\#(device)</span>"#), "the page shows the device '\(device)'")
        }
        #expect(dom.contains(#"<span class="state">on, 40 %</span>"#), "the lamp's state")
        #expect(dom.contains(#"<span class="state">mode heat, target 21.5 °C</span>"#), "the thermostat's state")
        #expect(dom.contains("<td>turn on the kitchen lights</td><td>HassTurnOn</td>"), "the latest utterance and its intent")
        #expect(dom.contains(#"<td class="ok">Turned on 2 lights in the kitchen</td>"#), "its outcome")
        #expect(dom.contains(#"<main id="app">"#), "the page is shown, not the token form")

        let size = try FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int ?? 0
        #expect(size > 20_000, "a screenshot of a drawn page, not a blank one (\(size) bytes)")
        if let keep = ProcessInfo.processInfo.environment["HUB_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(atPath: screenshot.path, toPath: keep)
        }
    }

    /// Runs Chromium (at most 90 s) and returns its standard output.
    static func run(_ browser: String, _ arguments: [String]) async throws -> String {
        let (status, output) = try await offPool {
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
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        #expect(status == 0, "chromium \(arguments.last ?? "") exited with \(status)")
        return output
    }
}
