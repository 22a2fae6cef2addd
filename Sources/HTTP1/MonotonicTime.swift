import Glibc

/// Seconds on the monotonic clock: for timeouts and delays, which follow real elapsed time, not the simulated clock.
public enum MonotonicTime {
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1_000_000_000
    }
}
