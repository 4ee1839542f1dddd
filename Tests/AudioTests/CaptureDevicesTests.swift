import Testing
@testable import Audio

@Test func deviceListIncludesConfiguredCapturePCMs() throws {
    let devices = try ALSACapture.devices()
    #expect(devices.contains { $0.name == "null" && $0.kind == .configured })
    #expect(devices.allSatisfy { !$0.name.isEmpty && !$0.description.isEmpty })
    // Every listed name opens for capture or fails with a device error naming it (hardware may be busy).
    for device in devices {
        do {
            _ = try ALSACapture(device: device.name)
        } catch let error as AudioError {
            #expect(error.description.contains("'\(device.name)'"))
        }
    }
}
