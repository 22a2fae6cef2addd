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
    /// What the API's ``SimulatedAPI/screen(_:)`` found for `handle` (its route, say), and whether it ran.
    public var screening: (any Sendable)?
    public var isScreened = false
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

/// A failure a scenario can script; each API renders it in its own status, headers and body.
public enum ErrorKind: String, Sendable, CaseIterable {
    case badRequest = "bad_request"
    case unauthorized
    case forbidden
    case notFound = "not_found"
    case conflict
    case unprocessable
    case rateLimited = "rate_limited"
    case serverError = "server_error"
    case badGateway = "bad_gateway"
    case unavailable
    case timeout
    case paymentRequired = "payment_required"
    case preconditionFailed = "precondition_failed"
    /// The request body is over the server's limit (also what the server's own 413 is worded as).
    case contentTooLarge = "content_too_large"

    /// The HTTP status a vendor uses for this kind unless it says otherwise.
    public var defaultStatus: Int {
        switch self {
        case .badRequest: return 400
        case .unauthorized: return 401
        case .paymentRequired: return 402
        case .forbidden: return 403
        case .notFound: return 404
        case .timeout: return 408
        case .conflict: return 409
        case .preconditionFailed: return 412
        case .contentTooLarge: return 413
        case .unprocessable: return 422
        case .rateLimited: return 429
        case .serverError: return 500
        case .badGateway: return 502
        case .unavailable: return 503
        }
    }
}

/// One tenant's secrets for one API: what the tenant object shows, and the values that identify the tenant.
public struct APICredentials: Sendable {
    /// The API's section of the tenant object (see INTERFACE.md).
    public var json: JSON
    /// Values (API keys, tokens, account ids) that the API looks up to find this tenant.
    public var secrets: [String]

    public init(json: JSON, secrets: [String]) {
        self.json = json
        self.secrets = secrets
    }
}

/// Finds a tenant from a secret its API registered.
public protocol CredentialDirectory: Sendable {
    /// The tenant that registered this secret for this API.
    func tenantID(api: String, secret: String) -> String?
}

/// One simulated vendor API. Each lives in its own module and knows nothing of the others.
public protocol SimulatedAPI: Sendable {
    /// The URL prefix (without `/`) and the name in the journal and scenarios, e.g. `fleetio`.
    var name: String { get }
    /// This API's tables, created in every tenant database (and the template).
    var migrations: [Migration] { get }
    /// What `migrations` make, in one step, for a new database (see ``Migrator/baseline``); nil to run them all.
    var baseline: Migration? { get }
    /// Loads the seed world from `directory/<name>/` into the template database.
    func loadFixtures(into db: Database, from directory: String) throws
    /// New secrets for a tenant; the demo tenant gets the fixed ones of INTERFACE.md.
    func makeCredentials(tenantID: String, isDemo: Bool, ids: any IDGenerator) -> APICredentials
    /// Adjusts a tenant database just copied from the template or a snapshot to the tenant's own secrets.
    func prepare(_ db: Database, credentials: APICredentials) throws
    /// Seeded record ids for the tenant object's `fixtures` section.
    func fixtureIDs(in db: Database) throws -> JSON
    /// The tenant the request's credentials name, if any.
    func tenantID(for request: Request, in directory: any CredentialDirectory) -> String?
    /// Looks at a request before it waits for its tenant's lock, doing what needs no tenant state (credentials in
    /// headers, the route): answers it (an error) or passes it on, with what it found in `request.screening`.
    /// The router screens every request; ``handle(_:)`` screens one that was not.
    func screen(_ request: APIRequest) -> Screening
    /// Answers a request `screen` passed on (the rest of authentication, the route's work, the vendor's own errors),
    /// under the tenant's lock.
    func answer(screened request: APIRequest) -> Response
    /// The vendor's own answer for a scripted error.
    func errorResponse(_ kind: ErrorKind, request: APIRequest) -> Response
    /// Every operation the API serves (vendor paths, without the `/<api>` prefix), from its route table.
    var operations: [APIOperation] { get }
    /// The tenant's settings for this API (`GET /__admin/tenants/{id}/settings/{api}`), e.g. BOSSDesk's plan.
    func settings(in db: Database) throws -> JSON
    /// Changes some of them (`PATCH` of the same path) and answers them all; a bad document throws `SettingsError`.
    func updateSettings(_ changes: JSON, in db: Database) throws -> JSON
}

/// What ``SimulatedAPI/screen(_:)`` made of a request: its answer, or the request to handle.
public enum Screening: Sendable {
    case answer(Response)
    case pass(APIRequest)

    /// Passes a request on with the path parameters of the route it matched and what the API keeps of that route.
    public static func matched(_ request: APIRequest, parameters: [String: String], screening: any Sendable) -> Screening {
        var r = request
        r.parameters = parameters
        r.screening = screening
        return .pass(r)
    }
}

/// A settings document an API cannot take; the message names the field.
public struct SettingsError: Error, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

extension SimulatedAPI {
    public func settings(in db: Database) throws -> JSON { [:] }
    public func updateSettings(_ changes: JSON, in db: Database) throws -> JSON {
        throw SettingsError("\(name) has no tenant settings")
    }

    public func screen(_ request: APIRequest) -> Screening { .pass(request) }

    /// ``screen(_:)`` unless that was done; a request passed on is marked screened.
    public func screenOnce(_ request: APIRequest) -> Screening {
        if request.isScreened { return .pass(request) }
        switch screen(request) {
        case .answer(let answer):
            return .answer(answer)
        case .pass(var screened):
            screened.isScreened = true
            return .pass(screened)
        }
    }

    /// Answers a request: screens it first unless that was done, then ``answer(screened:)``.
    public func handle(_ request: APIRequest) -> Response {
        switch screenOnce(request) {
        case .answer(let answer): return answer
        case .pass(let screened): return answer(screened: screened)
        }
    }

    public var migrations: [Migration] { [] }
    public var baseline: Migration? { nil }
    public func loadFixtures(into db: Database, from directory: String) throws {}
    public func prepare(_ db: Database, credentials: APICredentials) throws {}
}

/// A fixture file that could not be read or understood.
public struct FixtureError: Error, CustomStringConvertible, Sendable {
    /// The file (or folder) at fault.
    public let file: String
    public let reason: String
    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }
    public var description: String { "\(file): \(reason)" }

    /// Reads and parses `folder/file.json`, naming the file in any failure.
    public static func readJSON(_ folder: String, _ file: String) throws -> JSON {
        let path = "\(folder)/\(file).json"
        guard let data = FileManager.default.contents(atPath: path) else { throw FixtureError(file: path, reason: "cannot be read") }
        do { return try JSONParser.parse([UInt8](data)) } catch { throw FixtureError(file: path, reason: "\(error)") }
    }
}
