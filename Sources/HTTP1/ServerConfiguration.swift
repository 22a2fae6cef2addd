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

/// Facts about the host system.
public enum System {
    /// Cores available to this process.
    public static var activeProcessorCount: Int32 {
        let n = Glibc.sysconf(Int32(Glibc._SC_NPROCESSORS_ONLN))
        return n > 0 ? Int32(n) : 1
    }
}

import Glibc

/// The real time of day, in seconds since 1970. The one place real time is read; UnderstudyCore's SimClock builds on it.
public enum WallClock {
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1_000_000_000
    }
}
