import Foundation
import Home
import Hummingbird

/// `/api/rooms`, `/api/devices` and `/api/settings`: the registry, and device control through the plugins.
///
/// A room or device `{id}` is its name or an alias, percent-encoded (`/api/devices/kitchen%20ceiling`).
enum HomeRoutes {
    static func add(to router: Router<some RequestContext>, services: HubServices) {
        router.get("/api/rooms") { _, _ in
            try JSONResponse.make(try services.store.rooms().map { try RoomReport($0, store: services.store) })
        }
        router.get("/api/rooms/:id") { _, context in
            let room = try lookUp("room", try id(context)) { try services.store.room(named: $0) }
            return try JSONResponse.make(try RoomReport(room, store: services.store))
        }
        router.get("/api/devices") { _, _ in
            try JSONResponse.make(try services.store.devices())
        }
        router.get("/api/devices/:id") { _, context in
            try JSONResponse.make(try lookUp("device", try id(context)) { try services.store.device(named: $0) })
        }
        router.post("/api/devices/:id/state") { request, context in
            let name = try id(context)
            let device = try lookUp("device", name) { try services.store.device(named: $0) }
            let values = try await JSONResponse.decode([String: StateValue].self, from: request).mapValues(\.text)
            guard !values.isEmpty else {
                throw APIError.unprocessable("give at least one state key, e.g. {\"on\":true}")
            }
            let summary = values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let outcome = try await services.intents.control(
                device: device.name, values: values, source: .api,
                text: "POST /api/devices/\(device.name)/state \(summary)")
            return try JSONResponse.make(outcome.devices[0])
        }
        router.get("/api/settings") { _, _ in
            try JSONResponse.make(try services.store.settings())
        }
    }

    /// The `{id}` path parameter, percent-decoded.
    private static func id(_ context: some RequestContext) throws -> String {
        let raw = try context.parameters.require("id")
        return raw.removingPercentEncoding ?? raw
    }

    /// Runs a registry lookup, answering 404 with the registry's message (and suggestion) when the name is unknown.
    private static func lookUp<T>(_ what: String, _ name: String, _ find: (String) throws -> T) throws -> T {
        do {
            return try find(name)
        } catch let error as HomeError {
            throw APIError.notFound(error.message)
        }
    }
}

/// A room with its devices: `{"name":…,"aliases":[…],"devices":[…]}`.
struct RoomReport: Encodable {
    let name: String
    let aliases: [String]
    let devices: [Device]

    init(_ room: Room, store: HomeStore) throws {
        name = room.name
        aliases = room.aliases
        devices = try store.devices(in: room.name)
    }
}

/// One value of a state-change body: `true`, a number or a string, read as the text `hub device set` takes.
struct StateValue: Decodable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let bool = try? container.decode(Bool.self) {
            text = String(bool)
        } else if let int = try? container.decode(Int.self) {
            text = String(int)
        } else if let double = try? container.decode(Double.self) {
            text = String(double)
        } else if let string = try? container.decode(String.self) {
            text = string
        } else {
            throw DecodingError.typeMismatch(StateValue.self, DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "expected true/false, a number or a string"))
        }
    }
}
