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
    public let requestBody: [UInt8]
    public let status: Int
    public let responseHeaders: HTTPHeaders
    public let responseBody: [UInt8]
    public let durationMilliseconds: Double
    /// `scenario/rule` that scripted the answer, if any.
    public let scenario: String?

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
        self.requestBody = requestBody
        self.status = status
        self.responseHeaders = responseHeaders
        self.responseBody = responseBody
        self.durationMilliseconds = durationMilliseconds
        self.scenario = scenario
    }

    /// The entry as the admin API shows it.
    public var json: JSON {
        .object([
            ("id", .int(id)), ("at", .string(ISO8601.format(at, fractionDigits: 3))), ("tenant", .from(tenant)),
            ("api", .string(api)), ("method", .string(method)), ("path", .string(path)), ("query", .string(query)),
            ("request_headers", Self.headersJSON(requestHeaders)), ("request_body", Self.bodyJSON(requestBody)),
            ("status", .int(status)),
            ("response_headers", Self.headersJSON(responseHeaders)), ("response_body", Self.bodyJSON(responseBody)),
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

    /// Text bodies as a string; bytes that are not UTF-8 as `{"base64": "…"}`; none as null.
    static func bodyJSON(_ b: [UInt8]) -> JSON {
        if b.isEmpty { return .null }
        if let s = String(validating: b, as: UTF8.self) { return .string(s) }
        return .object([("base64", .string(Base64.encode(b)))])
    }
}

/// What `GET /__admin/requests` may filter on.
public struct JournalFilter: Sendable {
    public var tenant: String?
    public var api: String?
    public var method: String?
    /// A vendor path or a pattern (`:id`, `*`).
    public var path: PathPattern?
    public var status: Int?
    /// At most this many (the newest), still listed oldest first.
    public var limit: Int?

    public init(tenant: String? = nil, api: String? = nil, method: String? = nil, path: PathPattern? = nil, status: Int? = nil, limit: Int? = nil) {
        self.tenant = tenant
        self.api = api
        self.method = method
        self.path = path
        self.status = status
        self.limit = limit
    }

    func accepts(_ e: JournalEntry) -> Bool {
        if let tenant, e.tenant != tenant { return false }
        if let api, e.api != api { return false }
        if let method, e.method.uppercased() != method.uppercased() { return false }
        if let status, e.status != status { return false }
        if let path, path.match(e.path) == nil { return false }
        return true
    }
}

/// The bounded request journal: the newest `limit` entries, oldest dropped first.
public final class Journal: Sendable {
    /// Request and response bodies longer than this are cut in the journal (the exchange itself is not).
    public static let maxBodyBytes = 64 * 1024

    private struct State {
        var entries: [JournalEntry?]
        var head = 0
        var count = 0
        var nextID = 1
    }

    public let limit: Int
    private let state: Locked<State>

    public init(limit: Int) {
        self.limit = max(0, limit)
        state = Locked(State(entries: Array(repeating: nil, count: max(0, limit))))
    }

    /// A fresh id for a request about to be recorded.
    public func nextID() -> Int { state.withLock { s in defer { s.nextID += 1 }; return s.nextID } }

    /// Adds an entry, dropping the oldest when full. The entry dropped is freed after the lock is let go (its
    /// strings and bodies), so the other loops recording meanwhile do not wait for that.
    public func record(_ entry: JournalEntry) {
        guard limit > 0 else { return }
        var dropped: JournalEntry? = entry
        state.withLock { s in
            let slot = (s.head + s.count) % limit
            swap(&s.entries[slot], &dropped)
            if s.count < limit { s.count += 1 } else { s.head = (s.head + 1) % limit }
        }
        _ = dropped
    }

    /// Matching entries, oldest first.
    public func entries(_ filter: JournalFilter = JournalFilter()) -> [JournalEntry] {
        let all: [JournalEntry] = state.withLock { s in (0..<s.count).compactMap { s.entries[(s.head + $0) % limit] } }
        let matching = all.filter(filter.accepts)
        if let n = filter.limit, n < matching.count { return Array(matching.suffix(max(0, n))) }
        return matching
    }

    /// Forgets every entry.
    public func clear() {
        state.withLock { s in
            s.entries = Array(repeating: nil, count: limit)
            s.head = 0
            s.count = 0
        }
    }

    /// Cuts a body to the journal's limit.
    public static func clip(_ b: [UInt8]) -> [UInt8] { b.count <= maxBodyBytes ? b : Array(b.prefix(maxBodyBytes)) }
}
