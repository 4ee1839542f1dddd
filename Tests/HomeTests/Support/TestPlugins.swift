import Foundation
@testable import Home

/// A plugin that always fails, to check that failures leave state unchanged and are logged.
struct FailingPlugin: DevicePlugin {
    let name = "broken"

    func apply(_ command: DeviceCommand, to device: Device) async throws -> DeviceState {
        throw HomeError("device did not answer")
    }

    func state(of device: Device) async throws -> DeviceState? {
        throw HomeError("device did not answer")
    }

    func health() async -> PluginHealth { .unavailable("always broken") }
}

/// The standard plugins plus ``FailingPlugin``.
func testPlugins(_ store: HomeStore) -> PluginRegistry {
    var plugins = PluginRegistry.standard(store: store)
    plugins.register(FailingPlugin())
    return plugins
}

/// A fresh temporary directory, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("hometests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
