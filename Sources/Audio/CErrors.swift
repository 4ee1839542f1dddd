import CALSA
import CSampleRate
import CSndFile

// MARK: - C error codes → Swift strings
//
// The one place where the C libraries' error conventions (libsndfile's error numbers, libsamplerate's
// error codes, ALSA's negative errno) become readable text for `AudioError`.

/// The message libsndfile gives for the last error on `file` (or for the last failed `sf_open` when nil).
func sndfileErrorMessage(_ file: OpaquePointer?) -> String {
    String(cString: sf_strerror(file))
}

/// The message libsamplerate gives for `code`.
func samplerateErrorMessage(_ code: Int32) -> String {
    guard let text = src_strerror(code) else { return "libsamplerate error \(code)" }
    return String(cString: text)
}

/// The message ALSA gives for a negative errno-style `code`.
func alsaErrorMessage(_ code: Int32) -> String {
    String(cString: snd_strerror(code))
}
