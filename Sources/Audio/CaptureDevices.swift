import CALSA
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Capture devices

/// An ALSA PCM that can capture, as `hub devices` lists it.
public struct CaptureDevice: Sendable, Equatable, Codable {
    /// Where the entry comes from.
    public enum Kind: String, Sendable, Codable {
        /// A sound card's capture device, opened directly as `hw:CARD,DEVICE`.
        case hardware
        /// A PCM defined by the ALSA configuration (`default`, `plughw:…`, `dsnoop:…`, `null`, …).
        case configured
    }

    /// The name to pass to `ALSACapture(device:)`.
    public var name: String
    /// Human-readable description (card and device names, or the configuration's DESC hint).
    public var description: String
    /// Hardware device or configuration-defined PCM.
    public var kind: Kind

    /// Creates a device entry.
    public init(name: String, description: String, kind: Kind) {
        self.name = name
        self.description = description
        self.kind = kind
    }
}

extension ALSACapture {
    /// Every capture PCM ALSA knows: each sound card's capture devices (`hw:C,D`), then the
    /// configuration's PCM hints for input (`snd_device_name_hint(-1, "pcm")`).
    /// - Throws: `AudioError.device` when ALSA cannot enumerate its hints.
    public static func devices() throws -> [CaptureDevice] {
        _ = silenceALSALibraryErrors
        return hardwareDevices() + (try configuredDevices())
    }

    private static func hardwareDevices() -> [CaptureDevice] {
        var devices: [CaptureDevice] = []
        var card: Int32 = -1
        while snd_card_next(&card) >= 0, card >= 0 {
            var control: OpaquePointer?
            guard snd_ctl_open(&control, "hw:\(card)", 0) >= 0, let control else { continue }
            defer { snd_ctl_close(control) }
            var cardInfo: OpaquePointer?
            var pcmInfo: OpaquePointer?
            guard snd_ctl_card_info_malloc(&cardInfo) >= 0, snd_pcm_info_malloc(&pcmInfo) >= 0 else { continue }
            defer {
                snd_ctl_card_info_free(cardInfo)
                snd_pcm_info_free(pcmInfo)
            }
            let cardName = snd_ctl_card_info(control, cardInfo) >= 0
                ? String(cString: snd_ctl_card_info_get_name(cardInfo)) : "card \(card)"
            var device: Int32 = -1
            while snd_ctl_pcm_next_device(control, &device) >= 0, device >= 0 {
                snd_pcm_info_set_device(pcmInfo, UInt32(device))
                snd_pcm_info_set_subdevice(pcmInfo, 0)
                snd_pcm_info_set_stream(pcmInfo, SND_PCM_STREAM_CAPTURE)
                guard snd_ctl_pcm_info(control, pcmInfo) >= 0 else { continue }
                let deviceName = String(cString: snd_pcm_info_get_name(pcmInfo))
                devices.append(CaptureDevice(name: "hw:\(card),\(device)", description: "\(cardName): \(deviceName)", kind: .hardware))
            }
        }
        return devices
    }

    private static func configuredDevices() throws -> [CaptureDevice] {
        var hints: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        let code = snd_device_name_hint(-1, "pcm", &hints)
        guard code >= 0, let hints else {
            throw AudioError.device(name: "pcm hints", reason: alsaErrorMessage(code))
        }
        defer { snd_device_name_free_hint(hints) }
        func hint(_ entry: UnsafeMutableRawPointer, _ id: String) -> String? {
            guard let value = snd_device_name_get_hint(entry, id) else { return nil }
            defer { free(value) }
            return String(cString: value)
        }
        var devices: [CaptureDevice] = []
        var index = 0
        while let entry = hints[index] {
            index += 1
            // IOID is absent for PCMs that do both directions.
            guard let name = hint(entry, "NAME"), hint(entry, "IOID") ?? "Input" == "Input" else { continue }
            let description = (hint(entry, "DESC") ?? name).split(separator: "\n").joined(separator: ", ")
            devices.append(CaptureDevice(name: name, description: description, kind: .configured))
        }
        return devices
    }
}
