import Glibc

/// The real time of day, in seconds since 1970. The one place real time is read; UnderstudyCore's SimClock builds on it.
public enum WallClock {
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1_000_000_000
    }
}
