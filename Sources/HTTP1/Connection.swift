/// One client connection's state. Confined to the event loop that accepted it.
final class Connection {
    let fd: Int32
    /// Distinguishes this connection from a later one that reuses the same descriptor (for timers).
    let generation: UInt64
    let parser: RequestParser

    /// Bytes queued for sending and how many of them are sent.
    var out: [UInt8] = []
    var outSent = 0
    /// The epoll events currently registered.
    var interest: UInt32 = 0

    /// A delayed or hung answer holds the connection; nothing more is parsed until it is sent.
    var waiting = false
    /// The delayed answer, with what it needs to be written.
    var pending: (response: Response, isHead: Bool, keepAlive: Bool)?
    /// Close (gracefully) once `out` is sent.
    var closeAfterWrite = false
    /// `shutdown(SHUT_WR)` is done; reading and discarding until EOF or `drainDeadline`.
    var draining = false
    var drainDeadline = 0.0
    /// The peer sent EOF; answer what is complete, then close.
    var peerClosed = false
    /// Last time bytes moved in either direction (monotonic seconds).
    var lastActivity: Double
    /// When the first byte of the request being received arrived.
    var requestStartedAt: Double?

    init(fd: Int32, generation: UInt64, parser: RequestParser, now: Double) {
        self.fd = fd
        self.generation = generation
        self.parser = parser
        self.lastActivity = now
    }

    var unsentBytes: Int { out.count - outSent }
}
