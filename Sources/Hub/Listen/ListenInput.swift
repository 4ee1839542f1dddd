import Audio
import Foundation

/// Opens `hub listen --input`: an audio file (read at full speed) or an ALSA capture device.
enum ListenInput {
    /// A file when `name` is an existing file or a path (it contains `/`, which ALSA names never do),
    /// otherwise the ALSA PCM of that name, looked up in the configuration file `alsaConfig` when one is
    /// given (else in the system's ALSA configuration).
    /// - Throws: `AudioError` naming the file or device, or `AssetError` for an unreadable configuration file.
    static func open(_ name: String, alsaConfig: String?) throws -> any AudioSource {
        var isFolder: ObjCBool = false
        let isFile = FileManager.default.fileExists(atPath: name, isDirectory: &isFolder) && !isFolder.boolValue
        if alsaConfig == nil, isFile || name.contains("/") {
            // 10 ms blocks at 16 kHz: the loop reacts as often as it does to a microphone's periods.
            return try AudioFileSource(path: name, blockFrames: 160)
        }
        guard let alsaConfig else { return try ALSACapture(device: name) }
        guard let data = FileManager.default.contents(atPath: alsaConfig) else {
            throw AssetError(description: "cannot read the ALSA configuration file \(alsaConfig)")
        }
        return try ALSACapture(device: name, configuration: String(decoding: data, as: UTF8.self))
    }
}
