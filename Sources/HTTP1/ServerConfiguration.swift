/// How the server listens and behaves.
public struct ServerConfiguration: Sendable {
    /// Address to bind: an IPv4 or IPv6 literal or a name (default loopback only).
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one (read it back from `Server.port`).
    public var port = 7780
    /// Protocol limits and timeouts.
    public var limits = HTTPLimits()
    /// Event-loop threads; default one per core.
    public var loopCount = max(1, Int(System.activeProcessorCount))
    /// Seconds since 1970 for the `Date` header (inject the simulated clock here).
    public var now: @Sendable () -> Double = { WallClock.now() }
    /// Pending-connection queue length passed to `listen(2)`.
    public var backlog: Int32 = 1024
    /// Seconds that `stop()` lets requests in flight finish before closing them.
    public var shutdownGraceSeconds = 5.0

    public init() {}
}
