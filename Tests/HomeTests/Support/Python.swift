import Foundation

/// How tests start Python: Debian's `/usr/bin/python3` when present (fast to start), else `python3`
/// from `PATH`.
func pythonCommand(_ arguments: [String]) -> (URL, [String]) {
    let system = "/usr/bin/python3"
    if FileManager.default.isExecutableFile(atPath: system) {
        return (URL(fileURLWithPath: system), arguments)
    }
    return (URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments)
}
