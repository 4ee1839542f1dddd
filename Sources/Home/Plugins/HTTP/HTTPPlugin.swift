import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Drives devices through HTTP requests: Home Assistant's REST API or any webhook.
///
/// Config keys (each of `method`, `url`, `body` may be overridden for one command or service with
/// `url.<command>` or `url.<service>`, e.g. `body.turn_off`; see ``HTTPTemplate`` for placeholders):
///
/// | key | default | meaning |
/// | --- | --- | --- |
/// | `url` | required | URL template, e.g. `http://ha:8123/api/services/light/{{service}}` |
/// | `method` | `POST` | HTTP method |
/// | `body` | none | body template, e.g. `{"entity_id":"light.kitchen","brightness_pct":{{brightness}}}` |
/// | `token` | none | sent as `Authorization: Bearer <token>` |
/// | `header.<Name>` | none | extra request header |
/// | `content_type` | `application/json` | `Content-Type` when there is a body |
/// | `timeout` | `5` | seconds |
///
/// A 2xx answer means success; the new state is the expected state after the command.
public struct HTTPPlugin: DevicePlugin {
    public let name = "http"

    /// Creates the plugin.
    public init() {}

    public func apply(_ command: DeviceCommand, to device: Device) async throws -> DeviceState {
        let state = try device.state.applying(command, to: device)
        let request = try Self.request(for: command, device: device, state: state)
        let what = "http \(request.httpMethod ?? "POST") \(request.url?.absoluteString ?? "")"
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await session.data(for: request)
        } catch let error as URLError where error.code == .timedOut {
            throw HomeError("\(what) timed out after \(TemperatureUnit.number(request.timeoutInterval)) s")
        } catch {
            throw HomeError("\(what) failed: \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else { throw HomeError("\(what) failed: not an HTTP response") }
        guard (200..<300).contains(http.statusCode) else {
            let body = String(decoding: data.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let status = "\(http.statusCode) \(HTTPURLResponse.localizedString(forStatusCode: http.statusCode))"
            throw HomeError("\(what) failed: \(status)\(body.isEmpty ? "" : ": \(body)")")
        }
        return state
    }

    /// HTTP devices report no state: the registry keeps the state after the last command.
    public func state(of device: Device) async throws -> DeviceState? { nil }

    /// Always `.ok`: each device names its own URL, so there is no shared endpoint to check.
    public func health() async -> PluginHealth { .ok }

    /// The request for `command`, with templates filled from the new `state`.
    static func request(for command: DeviceCommand, device: Device, state: DeviceState) throws -> URLRequest {
        let values = HTTPTemplate.values(for: command, device: device, state: state)
        let keys = [command.name, values["service"]!]
        func setting(_ key: String) -> String? {
            keys.lazy.compactMap { device.config["\(key).\($0)"] }.first ?? device.config[key]
        }
        guard let urlTemplate = setting("url") else {
            throw HomeError("http: device '\(device.name)' has no 'url' in its config")
        }
        let urlText = try HTTPTemplate.render(urlTemplate, values: values, field: "url")
        guard let url = URL(string: urlText), url.scheme == "http" || url.scheme == "https" else {
            throw HomeError("http: invalid url '\(urlText)' for '\(device.name)' (expected http:// or https://)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = setting("method")?.uppercased() ?? "POST"
        if let timeout = device.config["timeout"] {
            guard let seconds = Double(timeout), seconds > 0 else {
                throw HomeError.invalid("http timeout", "'\(timeout)'", expected: "seconds > 0")
            }
            request.timeoutInterval = seconds
        } else {
            request.timeoutInterval = 5
        }
        if let body = setting("body") {
            request.httpBody = Data(try HTTPTemplate.render(body, values: values, field: "body").utf8)
            request.setValue(device.config["content_type"] ?? "application/json", forHTTPHeaderField: "Content-Type")
        }
        if let token = device.config["token"] {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        for (key, value) in device.config where key.hasPrefix("header.") {
            request.setValue(value, forHTTPHeaderField: String(key.dropFirst("header.".count)))
        }
        return request
    }
}
