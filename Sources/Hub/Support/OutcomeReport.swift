import Home

/// The JSON shape of a performed command: `{"response":…,"targets":[…],"devices":[…]}`.
struct OutcomeReport: Encodable {
    let response: String
    let targets: [String]
    let devices: [Device]

    init(_ outcome: IntentOutcome) {
        response = outcome.response
        targets = outcome.targets
        devices = outcome.devices
    }
}
