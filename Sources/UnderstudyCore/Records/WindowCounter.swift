/// Fixed-window request counters (for rate limits), keyed by whatever the vendor counts by (an account token,
/// a tenant and rule …). Windows start at multiples of their length on the simulated clock, so a test that moves
/// the clock moves the window. Thread-safe.
public final class WindowCounter: Sendable {
    /// The answer for one counted request.
    public struct Decision: Sendable, Equatable {
        /// Whether the request is within the limit.
        public let allowed: Bool
        /// Requests left in this window after this one.
        public let remaining: Int
        /// Whole seconds until the window ends (at least 1).
        public let retryAfter: Int
    }

    private struct Window {
        var start: Double
        var count: Int
    }

    private let windows = Locked<[String: Window]>([:])

    public init() {}

    /// Counts one request under `key` against `limit` per `windowSeconds`, at simulated time `now`.
    public func hit(_ key: String, limit: Int, windowSeconds: Double, now: Double) -> Decision {
        let length = max(windowSeconds, 1)
        let start = (now / length).rounded(.down) * length
        let count = windows.withLock { w -> Int in
            var current = w[key] ?? Window(start: start, count: 0)
            if current.start != start { current = Window(start: start, count: 0) }
            current.count += 1
            w[key] = current
            return current.count
        }
        let left = max(1, Int((start + length - now).rounded(.up)))
        return Decision(allowed: count <= limit, remaining: max(0, limit - count), retryAfter: left)
    }

    /// Forgets every window whose key starts with `prefix` (all when empty).
    public func clear(prefix: String = "") {
        clear { prefix.isEmpty || $0.hasPrefix(prefix) }
    }

    /// Forgets every window whose key `drop` picks.
    public func clear(where drop: (String) -> Bool) {
        windows.withLock { w in w = w.filter { !drop($0.key) } }
    }
}
