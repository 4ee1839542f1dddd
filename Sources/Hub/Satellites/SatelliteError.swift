/// Why a satellite or the satellite server failed: a message naming the value at fault.
struct SatelliteError: Error, CustomStringConvertible, Equatable {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
