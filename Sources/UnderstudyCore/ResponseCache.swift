import HTTP1
import Synchronization

/// One tenant's answers to repeated reads, kept until its data changes.
///
/// What a simulated API answers to a GET depends only on the request (target and headers), the tenant's database,
/// and whatever the handler read of the request's volatile inputs: simulated now, the journal id, fresh random ids
/// (``RequestDependencies`` records those reads). So the Router keeps an answer under the request's exact bytes and
/// serves it again while
/// - the tenant's ``Tenant/generation`` is unchanged (every write to its database, reset and restore bump it),
/// - simulated now is still inside the interval in which what the handler read of the clock stays the same
///   (a calendar day for "is it overdue"; nothing at all when it read the exact time, an id or random ids).
/// An answer served from here is byte for byte what the handler would have produced; the journal, scenarios,
/// delays and faults are applied around it as for any answer.
public final class ResponseCache: Sendable {
    /// Answers kept per tenant; when full, the oldest half is dropped.
    public static let maxEntries = 1024
    /// Body bytes kept per tenant; past this, too, the oldest half is dropped.
    public static let maxTotalBytes = 8 * 1024 * 1024
    /// Body bytes kept by all tenants together; past this, answers are simply not kept (many tenants, one process).
    public static let maxProcessBytes = 64 * 1024 * 1024

    /// A byte allowance shared by several caches.
    public final class Budget: Sendable {
        public let limit: Int
        private let used = Atomic<Int>(0)
        public init(limit: Int) { self.limit = limit }
        /// Bytes held by the caches drawing on it.
        public var held: Int { used.load(ordering: .relaxed) }
        func move(_ delta: Int) { used.add(delta, ordering: .relaxed) }
        /// The one every tenant draws on.
        public static let process = Budget(limit: ResponseCache.maxProcessBytes)
    }

    private let budget: Budget
    /// Bodies larger than this are not kept (large lists, downloads).
    public static let maxBodyBytes = 64 * 1024
    /// Requests whose target and headers together exceed this are not kept.
    public static let maxKeyBytes = 8 * 1024

    struct Entry {
        let response: Response
        let validFrom: Double
        let validUntil: Double
        let order: UInt64
    }

    private struct State {
        var generation: UInt64 = 0
        var entries: [[UInt8]: Entry] = [:]
        var nextOrder: UInt64 = 0
        var bytes = 0
    }

    private let state = Mutex(State())
    private let hitCount = Atomic<Int>(0)

    public init(budget: Budget = .process) { self.budget = budget }

    deinit {
        let held = state.withLock { $0.bytes }
        budget.move(-held)
    }

    /// Answers served from the cache so far (tests and diagnostics).
    public var hits: Int { hitCount.load(ordering: .relaxed) }

    /// The cache key of a request, or nil when its answer must not be kept (not a GET, has a body, too large).
    public static func key(for request: Request) -> [UInt8]? {
        guard request.method == "GET", request.body.isEmpty else { return nil }
        var key: [UInt8] = []
        key.reserveCapacity(256)
        key.append(contentsOf: request.target.utf8)
        for (name, value) in request.headers {
            key.append(0)
            key.append(contentsOf: name.utf8)
            key.append(0x3A)
            key.append(contentsOf: value.utf8)
            if key.count > maxKeyBytes { return nil }
        }
        return key
    }

    /// The kept answer for `key`, if it was stored at this generation and `now` is inside its interval.
    /// Answers of an older generation are dropped on the way, so a tenant that changed holds no dead bytes.
    public func answer(for key: [UInt8], generation: UInt64, now: Double) -> Response? {
        let found = state.withLock { s -> Response? in
            if s.generation < generation { forget(&s, generation: generation) }
            guard s.generation == generation, let e = s.entries[key], e.validFrom <= now, now < e.validUntil else { return nil }
            return e.response
        }
        if found != nil { hitCount.add(1, ordering: .relaxed) }
        return found
    }

    /// Keeps `response` for `key`. `generation` is the tenant's generation read *before* the handler ran:
    /// if the tenant changed meanwhile the answer may mix old and new data and is dropped.
    public func store(_ response: Response, for key: [UInt8], generation: UInt64, current: UInt64, validity: ClosedRange<Double>) {
        guard generation == current, response.fault == nil, response.delayMilliseconds == 0,
              response.body.count <= Self.maxBodyBytes, validity.lowerBound < validity.upperBound else { return }
        state.withLock { s in
            if s.generation != generation { forget(&s, generation: generation) }
            if s.entries.count >= Self.maxEntries || s.bytes + response.body.count > Self.maxTotalBytes { dropOldestHalf(&s) }
            let old = s.entries[key]?.response.body.count ?? 0
            guard budget.held + response.body.count - old <= budget.limit else { return }
            s.nextOrder += 1
            s.entries[key] = Entry(response: response, validFrom: validity.lowerBound, validUntil: validity.upperBound, order: s.nextOrder)
            account(&s, bytes: s.bytes + response.body.count - old)
        }
    }

    /// Drops every answer of an older generation (they can never be served again) and gives their bytes back.
    private func forget(_ s: inout State, generation: UInt64) {
        s.entries.removeAll(keepingCapacity: true)
        account(&s, bytes: 0)
        s.generation = generation
    }

    /// Sets this cache's byte count and moves its budget by the difference.
    private func account(_ s: inout State, bytes: Int) {
        budget.move(bytes - s.bytes)
        s.bytes = bytes
    }

    private func dropOldestHalf(_ s: inout State) {
        guard !s.entries.isEmpty else { return }
        let cut = s.entries.values.map(\.order).sorted()[s.entries.count / 2]
        s.entries = s.entries.filter { $0.value.order >= cut }
        account(&s, bytes: s.entries.values.reduce(0) { $0 + $1.response.body.count })
    }

    /// Body bytes held now (tests and diagnostics).
    public var heldBytes: Int { state.withLock { $0.bytes } }
}

/// What a handler read of a request's volatile inputs, so the Router knows for how long its answer holds.
///
/// Shared by every copy of one ``APIRequest`` (handlers copy requests to bind path parameters).
public final class RequestDependencies: Sendable {
    private struct Interval {
        var from = -Double.infinity
        var until = Double.infinity
    }
    private let interval = Mutex(Interval())

    init() {}

    /// The simulated instants for which the answer stays the same.
    public var validity: ClosedRange<Double> {
        interval.withLock { i in i.from <= i.until ? i.from...i.until : 0...0 }
    }

    /// The answer holds only for simulated times in `from ..< until`.
    func narrow(from: Double, until: Double) {
        interval.withLock { i in
            i.from = max(i.from, from)
            i.until = min(i.until, until)
        }
    }

    /// The answer depends on something that changes with every request.
    func never() { narrow(from: 0, until: 0) }
}
