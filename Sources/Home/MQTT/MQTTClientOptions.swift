/// Where an ``MQTTClient`` connects and how it behaves when the connection drops.
public struct MQTTClientOptions: Sendable {
    /// Broker host name or address.
    public var host: String
    /// Broker port.
    public var port: Int32
    /// Client id; nil lets libmosquitto pick a random one (which forces a clean session).
    public var clientID: String?
    /// Whether the broker should forget the session on disconnect (no queued messages on return).
    public var cleanSession: Bool
    /// Broker login.
    public var username: String?
    /// Broker password.
    public var password: String?
    /// Seconds between keep-alive pings; a dead broker is noticed within 1.5 × this.
    public var keepAlive: Int32
    /// Seconds to wait before reconnecting: the first delay, doubling up to the last.
    public var reconnectDelay: ClosedRange<UInt32>

    /// Creates options; the defaults reach a local broker and retry after 1, 2, 4, 8, 16, 30, 30… s.
    public init(
        host: String = "127.0.0.1", port: Int32 = 1883, clientID: String? = nil, cleanSession: Bool = true,
        username: String? = nil, password: String? = nil, keepAlive: Int32 = 10, reconnectDelay: ClosedRange<UInt32> = 1...30
    ) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.cleanSession = cleanSession
        self.username = username
        self.password = password
        self.keepAlive = keepAlive
        self.reconnectDelay = reconnectDelay
    }

    /// `host:port`, as messages name the broker.
    public var broker: String { "\(host):\(port)" }
}
