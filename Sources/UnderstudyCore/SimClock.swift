import HTTP1
import Synchronization

/// The state of one simulated clock: an offset from its base, or a frozen instant.
public struct ClockState: Sendable, Equatable {
    /// Seconds added to the base time.
    public var offset: Double = 0
    /// When set, the clock stands still at this instant (seconds since 1970).
    public var frozenAt: Double?

    public init(offset: Double = 0, frozenAt: Double? = nil) {
        self.offset = offset
        self.frozenAt = frozenAt
    }

    /// The time given the base (real time for the global clock, the global clock for a tenant's).
    public func now(base: Double) -> Double { frozenAt ?? base + offset }

    /// Applies an admin change: `now` first, then `advance`, then `frozen`.
    public mutating func apply(now target: Double?, advance: Double?, frozen: Bool?, base: Double) {
        if let target {
            if frozenAt != nil { frozenAt = target } else { offset = target - base }
        }
        if let advance {
            if let f = frozenAt { frozenAt = f + advance } else { offset += advance }
        }
        if let frozen {
            if frozen, frozenAt == nil {
                frozenAt = base + offset
            } else if !frozen, let f = frozenAt {
                offset = f - base
                frozenAt = nil
            }
        }
    }
}

/// Simulated time: real time plus a global offset, or frozen. Nothing in Understudy reads the time any other way.
public final class SimClock: Sendable {
    private let wall: @Sendable () -> Double
    private let state: Mutex<ClockState>

    /// `wall` is the real-time source (injected so tests can pin it).
    public init(wall: @escaping @Sendable () -> Double = { WallClock.now() }, initial: ClockState = ClockState()) {
        self.wall = wall
        self.state = Mutex(initial)
    }

    /// The simulated now, in seconds since 1970.
    public func now() -> Double {
        let s = state.withLock { $0 }
        return s.now(base: wall())
    }

    /// Real time, for measuring the offset.
    public func realNow() -> Double { wall() }

    public var current: ClockState { state.withLock { $0 } }

    /// Changes the clock as the admin API asks.
    public func apply(now: Double?, advance: Double?, frozen: Bool?) {
        let base = wall()
        state.withLock { $0.apply(now: now, advance: advance, frozen: frozen, base: base) }
    }

    /// Back to real time.
    public func reset(to initial: ClockState = ClockState()) { state.withLock { $0 = initial } }
}
