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

    /// The instants a simulated clock may show: 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, the years every
    /// vendor's four-digit timestamps can carry. A change that would leave it is refused (``ClockError``).
    public static let range: ClosedRange<Double> = 0...253_402_300_799.999

    /// The time given the base (real time for the global clock, the global clock for a tenant's), held inside
    /// ``range`` (a tenant's offset can carry it past the end when the global clock moves on).
    public func now(base: Double) -> Double {
        let t = frozenAt ?? base + offset
        return t.isNaN ? Self.range.lowerBound : min(max(t, Self.range.lowerBound), Self.range.upperBound)
    }

    /// The state after an admin change, or ``ClockError`` naming the field when the clock would leave ``range``.
    public func applying(now target: Double?, advance: Double?, frozen: Bool?, base: Double) throws -> ClockState {
        var next = self
        next.apply(now: target, advance: advance, frozen: frozen, base: base)
        let t = next.frozenAt ?? base + next.offset
        guard t.isFinite, Self.range.contains(t) else {
            throw ClockError(field: target != nil && advance == nil ? "now" : "advance_s")
        }
        return next
    }

    /// Applies an admin change: `now` first, then `advance`, then `frozen`.
    mutating func apply(now target: Double?, advance: Double?, frozen: Bool?, base: Double) {
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

    /// Changes the clock as the admin API asks; ``ClockError`` (and the clock unchanged) when it would leave
    /// ``ClockState/range``.
    public func apply(now: Double?, advance: Double?, frozen: Bool?) throws {
        let base = wall()
        try state.withLock { $0 = try $0.applying(now: now, advance: advance, frozen: frozen, base: base) }
    }

    /// Back to real time.
    public func reset(to initial: ClockState = ClockState()) { state.withLock { $0 = initial } }
}

/// A clock change refused because the clock would leave ``ClockState/range``.
public struct ClockError: Error, Sendable, CustomStringConvertible {
    /// The admin body's member that asked for it (`now` or `advance_s`).
    public let field: String
    public var description: String {
        "\(field) would move the clock outside 1970-01-01T00:00:00Z ... 9999-12-31T23:59:59Z; the clock is unchanged"
    }
}
