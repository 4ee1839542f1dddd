import ArgumentParser
import Audio

/// `hub devices`: the ALSA capture devices a microphone can be opened from.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List audio capture devices (sound cards and ALSA-configured PCMs)."
    )

    @OptionGroup var options: GlobalOptions

    /// The `--json` document.
    struct Report: Encodable {
        let devices: [CaptureDevice]
    }

    func run() throws {
        let report = Report(devices: try ALSACapture.devices())
        try Output.emit(report, json: options.json) { report in
            guard !report.devices.isEmpty else { return "no capture devices found" }
            let width = report.devices.map(\.name.count).max() ?? 0
            return report.devices.map { device in
                let padding = String(repeating: " ", count: width - device.name.count)
                return "\(device.name)\(padding)  \(device.kind == .hardware ? "hw " : "pcm")  \(device.description)"
            }.joined(separator: "\n")
        }
    }
}
