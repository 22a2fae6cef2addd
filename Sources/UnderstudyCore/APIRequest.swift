import Synchronization
import Foundation
import HTTP1
import Storage

/// A request as a simulated API sees it: the vendor path (without the `/<api>` prefix), the decoded query,
/// the tenant its credentials named, and that tenant's simulated time.
///
/// Reading `now`, `id` or `ids` marks the answer as one of a kind (the Router will not serve it again from the
/// tenant's ``ResponseCache``); `day()` and `hasPassed(_:)` read the clock more coarsely and keep it servable for
/// as long as what they returned stays true.
public struct APIRequest: Sendable {
    public var http: Request { fixed.http }
    /// The API's name (the URL prefix without `/`).
    public var api: String { fixed.api }
    /// The vendor path, e.g. `/api/v1/issues/12` (still percent-encoded).
    public var path: String { fixed.path }
    public var query: QueryString { fixed.query }
    /// The tenant its credentials belong to; nil when they name none (the API then answers 401).
    public var tenant: Tenant? { fixed.tenant }
    /// Path parameters bound by the API's route table.
    public var parameters: [String: String] = [:]
    /// For how long the answer may be served again from the tenant's response cache, as the matched route
    /// declares it (nil: never).
    public internal(set) var freshness: Freshness?
    /// What the handler has read of the volatile inputs below.
    public var dependencies: RequestDependencies { fixed.dependencies }

    var nowValue: Double { fixed.now }
    var idValue: Int { fixed.id }

    /// What never changes once the request is made, held once: a request is handed from the router to its
    /// tenant's lock, a screening and a handler, and each copy of a struct of its dozen-odd strings, arrays and
    /// references would retain every one of them (and release them again).
    private let fixed: Fixed

    private final class Fixed: Sendable {
        let http: Request
        let api: String
        let path: String
        let query: QueryString
        let tenant: Tenant?
        let dependencies = RequestDependencies()
        /// The last error a handler threw, for the log line of an answer that became a 5xx.
        let failure = Mutex<String?>(nil)
        let now: Double
        let id: Int
        let ids: any IDGenerator
        /// The body parsed as JSON when the request was made (on the connection's loop, before it waits for its
        /// tenant's lock); nil when there is none, it does not say it is JSON, or it does not parse.
        let preparsed: JSON?

        init(http: Request, api: String, path: String, tenant: Tenant?, now: Double, id: Int, ids: any IDGenerator) {
            self.http = http
            self.api = api
            self.path = path
            query = QueryString(http.query)
            self.tenant = tenant
            self.now = now
            self.id = id
            self.ids = ids
            preparsed = APIRequest.preparse(http)
        }
    }

    public init(http: Request, api: String, path: String, tenant: Tenant?, now: Double, id: Int,
                ids: any IDGenerator = RandomIDGenerator()) {
        fixed = Fixed(http: http, api: api, path: path, tenant: tenant, now: now, id: id, ids: ids)
    }

    /// Keeps what a handler threw, so that an answer it turned into a 5xx is logged at error level with its cause
    /// (a SQLite error names what failed: disk full, I/O error).
    public func note(_ error: Error) {
        let text = String(describing: error)
        fixed.failure.withLock { $0 = text }
    }

    /// What ``note(_:)`` kept, if anything.
    public var failure: String? { fixed.failure.withLock { $0 } }

    /// Bodies most likely JSON: sent with a JSON media type or none, by a method that carries one.
    fileprivate static func preparse(_ http: Request) -> JSON? {
        guard !http.body.isEmpty, http.method != "GET", http.method != "HEAD" else { return nil }
        if let type = http.headers["Content-Type"], !Self.mentionsJSON(type) { return nil }
        return try? JSONParser.parse(http.body)
    }

    /// Whether a media type has `json` in it, in any case (`application/json`, `application/problem+json`).
    private static func mentionsJSON(_ type: String) -> Bool {
        let t = Array(type.utf8)
        guard t.count >= 4 else { return false }
        return (0...(t.count - 4)).contains { i in
            t[i] | 0x20 == 0x6A && t[i + 1] | 0x20 == 0x73 && t[i + 2] | 0x20 == 0x6F && t[i + 3] | 0x20 == 0x6E
        }
    }

    /// ``JSONParser/parseBody(_:)`` of the body (an empty body is `{}`), from the parse made beforehand when there is one.
    public func bodyJSON() throws -> JSON {
        if let preparsed = fixed.preparsed { return preparsed }
        return try JSONParser.parseBody(body)
    }

    /// ``JSONParser/parse(_:)`` of the body (an empty body is an error), from the parse made beforehand when there is one.
    public func strictBodyJSON() throws -> JSON {
        if let preparsed = fixed.preparsed { return preparsed }
        return try JSONParser.parse(body)
    }

    /// Simulated now for that tenant, in seconds since 1970.
    public var now: Double {
        dependencies.never()
        return nowValue
    }

    /// The journal id of this request.
    public var id: Int {
        dependencies.never()
        return idValue
    }

    /// Source of random identifiers (UUIDs, keys, signatures' nonces) — seeded in tests that need repeatable ids.
    public var ids: any IDGenerator {
        dependencies.never()
        return fixed.ids
    }

    /// Today's date (`YYYY-MM-DD`, UTC) by the simulated clock.
    public func day() -> String {
        let start = (nowValue / Self.secondsPerDay).rounded(.down) * Self.secondsPerDay
        dependencies.narrow(from: start, until: start + Self.secondsPerDay)
        return ISO8601.date(nowValue)
    }

    /// Whether simulated now is at or after `instant`.
    public func hasPassed(_ instant: Double) -> Bool {
        if nowValue >= instant {
            dependencies.narrow(from: instant, until: .infinity)
            return true
        }
        dependencies.narrow(from: -.infinity, until: instant)
        return false
    }

    static let secondsPerDay = 86_400.0

    public var method: String { http.method }
    public var headers: HTTPHeaders { http.headers }
    public var body: [UInt8] { http.body }
}
