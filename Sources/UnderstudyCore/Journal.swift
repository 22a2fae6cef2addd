import HTTP1

/// One request to a simulated API and the answer it got.
public struct JournalEntry: Sendable {
    public let id: Int
    /// Simulated time of the tenant (or the global clock) when the request arrived.
    public let at: Double
    public let tenant: String?
    public let api: String
    public let method: String
    /// The vendor path, without the `/<api>` prefix.
    public let path: String
    public let query: String
    public let requestHeaders: HTTPHeaders
    /// The request body, cut to ``Journal/keptBodyBytes``.
    public let requestBody: [UInt8]
    /// The request body's whole size (more than `requestBody.count` when it was cut).
    public let requestBodySize: Int
    public let status: Int
    public let responseHeaders: HTTPHeaders
    /// The answer's body, cut to ``Journal/keptBodyBytes``.
    public let responseBody: [UInt8]
    /// The answer body's whole size.
    public let responseBodySize: Int
    public let durationMilliseconds: Double
    /// `scenario/rule` that scripted the answer, if any.
    public let scenario: String?
    /// What the entry counts for in the journal's byte budget.
    let cost: Int

    /// Bodies are cut to ``Journal/keptBodyBytes`` here (their whole sizes kept).
    public init(id: Int, at: Double, tenant: String?, api: String, method: String, path: String, query: String,
                requestHeaders: HTTPHeaders, requestBody: [UInt8], status: Int, responseHeaders: HTTPHeaders,
                responseBody: [UInt8], durationMilliseconds: Double, scenario: String?) {
        self.id = id
        self.at = at
        self.tenant = tenant
        self.api = api
        self.method = method
        self.path = path
        self.query = query
        self.requestHeaders = requestHeaders
        self.requestBody = Journal.clip(requestBody)
        requestBodySize = requestBody.count
        self.status = status
        self.responseHeaders = responseHeaders
        self.responseBody = Journal.clip(responseBody)
        responseBodySize = responseBody.count
        self.durationMilliseconds = durationMilliseconds
        self.scenario = scenario
        cost = Self.cost(path: path, query: query, headers: requestHeaders, responseHeaders,
                         bodies: self.requestBody.count + self.responseBody.count)
    }

    /// The entry as the admin API shows it, its credentials masked (``SecretMask``) unless `masked` is false.
    /// Masking happens here, when the journal is read, not when a request is recorded: the requests pay nothing.
    public func json(masked: Bool = true) -> JSON {
        let m = masked
        return .object([
            ("id", .int(id)), ("at", .string(ISO8601.format(at, fractionDigits: 3))), ("tenant", .from(tenant)),
            ("api", .string(api)), ("method", .string(method)), ("path", .string(path)),
            ("query", .string(m ? SecretMask.query(query) : query)),
            ("request_headers", Self.headersJSON(m ? SecretMask.headers(requestHeaders) : requestHeaders)),
            ("request_body", Self.bodyJSON(m ? SecretMask.body(requestBody) : requestBody)),
            ("request_body_size", .int(requestBodySize)), ("request_body_truncated", .bool(requestBodySize > requestBody.count)),
            ("status", .int(status)),
            ("response_headers", Self.headersJSON(m ? SecretMask.headers(responseHeaders) : responseHeaders)),
            ("response_body", Self.bodyJSON(m ? SecretMask.body(responseBody) : responseBody)),
            ("response_body_size", .int(responseBodySize)), ("response_body_truncated", .bool(responseBodySize > responseBody.count)),
            ("duration_ms", .double((durationMilliseconds * 1000).rounded() / 1000)), ("scenario", .from(scenario)),
        ])
    }

    static func headersJSON(_ h: HTTPHeaders) -> JSON {
        var members: [(String, JSON)] = []
        for (name, value) in h {
            let key = name.lowercased()
            if let i = members.firstIndex(where: { $0.0 == key }), case .string(let old) = members[i].1 {
                members[i].1 = .string(old + ", " + value)
            } else {
                members.append((key, .string(value)))
            }
        }
        return .object(members)
    }

    /// Bytes the entry holds, roughly (its strings, bodies and a fixed overhead per header): what the journal's
    /// byte budget counts.
    static func cost(path: String, query: String, headers: HTTPHeaders, _ more: HTTPHeaders, bodies: Int) -> Int {
        var n = Journal.entryOverheadBytes + path.utf8.count + query.utf8.count + bodies
        for (name, value) in headers { n += name.utf8.count + value.utf8.count + 32 }
        for (name, value) in more { n += name.utf8.count + value.utf8.count + 32 }
        return n
    }

    /// Text bodies as a string; bytes that are not UTF-8 as `{"base64": "…"}`; none as null. A text body cut inside
    /// a character shows the whole characters before the cut.
    static func bodyJSON(_ b: [UInt8]) -> JSON {
        if b.isEmpty { return .null }
        if let s = String(validating: b, as: UTF8.self) { return .string(s) }
        for drop in 1...3 where b.count > drop {
            if let s = String(validating: b.dropLast(drop), as: UTF8.self) { return .string(s) }
        }
        return .object([("base64", .string(Base64.encode(b)))])
    }
}

/// What `GET /__admin/requests` may filter on, and which page of the matches it wants.
public struct JournalFilter: Sendable {
    public var tenant: String?
    public var api: String?
    public var method: String?
    /// A vendor path or a pattern (`:id`, `*`).
    public var path: PathPattern?
    public var status: Int?
    /// Only statuses of this class (4 for `4xx`).
    public var statusClass: Int?
    /// At most this many: the first after `sinceID` when that is set, else the newest; listed oldest first.
    public var limit: Int?
    /// Only entries with a larger id (the `next_since_id` of the page before).
    public var sinceID: Int?
    /// Only entries with a smaller id (the oldest id of a page, to read the page before it).
    public var beforeID: Int?

    public init(tenant: String? = nil, api: String? = nil, method: String? = nil, path: PathPattern? = nil, status: Int? = nil,
                limit: Int? = nil, sinceID: Int? = nil) {
        self.tenant = tenant
        self.api = api
        self.method = method
        self.path = path
        self.status = status
        self.limit = limit
        self.sinceID = sinceID
    }

    func accepts(_ e: JournalEntry) -> Bool {
        if let sinceID, e.id <= sinceID { return false }
        if let beforeID, e.id >= beforeID { return false }
        if let statusClass, e.status / 100 != statusClass { return false }
        if let tenant, e.tenant != tenant { return false }
        if let api, e.api != api { return false }
        if let method, e.method.uppercased() != method.uppercased() { return false }
        if let status, e.status != status { return false }
        if let path, path.match(e.path) == nil { return false }
        return true
    }
}

/// The bounded request journal: at most `limit` entries and `maxBytes` bytes (bodies cut to ``keptBodyBytes``
/// each), oldest dropped first.
public final class Journal: Sendable {
    /// Request and response bodies longer than this are cut in the journal (the exchange itself is not); the entry
    /// says so (`*_body_truncated`, `*_body_size`).
    public static let keptBodyBytes = 16 * 1024
    /// Bytes the journal may hold by default (`--journal-bytes`).
    public static let defaultMaxBytes = 64 * 1024 * 1024
    /// What an entry costs besides its strings and bodies (the struct, array and string headers), for the budget.
    static let entryOverheadBytes = 256

    private struct State {
        /// A ring of `limit` slots: the live entries are `count` slots from `head` on, oldest first.
        var ring: [JournalEntry?]
        var head = 0
        var count = 0
        var bytes = 0
        var nextID = 1
    }

    public let limit: Int
    public let maxBytes: Int
    private let state: Locked<State>

    public init(limit: Int, maxBytes: Int = Journal.defaultMaxBytes) {
        self.limit = max(0, limit)
        self.maxBytes = max(0, maxBytes)
        state = Locked(State(ring: Array(repeating: nil, count: max(0, limit))))
    }

    /// A fresh id for a request about to be recorded.
    public func nextID() -> Int { state.withLock { s in defer { s.nextID += 1 }; return s.nextID } }

    /// Adds an entry, dropping the oldest while the journal would hold more than `limit` entries or `maxBytes` bytes
    /// (an entry larger than the whole budget is still kept, alone). Entries are moved in and out of their slots,
    /// never copied, and those dropped are freed after the lock is let go (their strings and bodies), so the other
    /// loops recording meanwhile do not wait for that.
    public func record(_ entry: JournalEntry) {
        guard limit > 0 else { return }
        let cost = entry.cost
        var incoming: JournalEntry? = entry
        var dropped: [JournalEntry?] = []
        state.withLock { s in
            while s.count > 0 && s.bytes + cost > maxBytes {
                var gone: JournalEntry?
                swap(&s.ring[s.head], &gone)
                s.bytes -= gone?.cost ?? 0
                dropped.append(gone)
                s.head = (s.head + 1) % limit
                s.count -= 1
            }
            // Full by count: the slot after the last is the oldest's, which `incoming` takes out.
            swap(&s.ring[(s.head + s.count) % limit], &incoming)
            if s.count < limit {
                s.count += 1
            } else {
                s.bytes -= incoming?.cost ?? 0
                s.head = (s.head + 1) % limit
            }
            s.bytes += cost
        }
        _ = incoming
        _ = dropped
    }

    /// The entries ``entries(_:)`` lists when no `limit` is given, and the most it lists.
    public static let defaultPageSize = 100
    public static let maxPageSize = 1_000

    /// Matching entries, oldest first: after `filter.sinceID` the first `limit` (default ``defaultPageSize``), else
    /// the newest `limit`.
    public func entries(_ filter: JournalFilter = JournalFilter()) -> [JournalEntry] {
        let all: [JournalEntry] = state.withLock { s in (0..<s.count).compactMap { s.ring[(s.head + $0) % limit] } }
        let n = min(max(0, filter.limit ?? Self.defaultPageSize), Self.maxPageSize)
        if filter.sinceID != nil {
            var out: [JournalEntry] = []
            for e in all where filter.accepts(e) {
                if out.count == n { break }
                out.append(e)
            }
            return out
        }
        var newest: [JournalEntry] = []
        for e in all.reversed() where filter.accepts(e) {
            if newest.count == n { break }
            newest.append(e)
        }
        return newest.reversed()
    }

    /// Entries held and the bytes they count for.
    public var usage: (entries: Int, bytes: Int) { state.withLock { ($0.count, $0.bytes) } }

    /// Forgets every entry, and gives the memory they held back to the system.
    public func clear() {
        var gone = Array<JournalEntry?>(repeating: nil, count: limit)
        state.withLock { s in
            swap(&s.ring, &gone)
            s.head = 0
            s.count = 0
            s.bytes = 0
        }
        gone = []
        MemoryRelease.now()
    }

    /// Cuts a body to ``keptBodyBytes``.
    public static func clip(_ b: [UInt8]) -> [UInt8] { b.count <= keptBodyBytes ? b : Array(b.prefix(keptBodyBytes)) }
}
