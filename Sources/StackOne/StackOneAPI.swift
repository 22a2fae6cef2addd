import HTTP1
import Storage
import UnderstudyCore

/// StackOne Unified Ticketing (`/stackone/unified/ticketing/...`): Basic auth with the API key, `x-account-id` on
/// every call, the `{statusCode,message,timestamp}` envelopes, and opaque cursor lists (stackone.md).
///
/// LIMITATIONS: comments and attachments are read-only (seeded), as they are in this API; one linked account per
/// tenant, plus one disabled account (`disabled_account_id` in the tenant object) that answers 412.
public struct StackOneAPI: SimulatedAPI {
    public let name = "stackone"
    static let table: RecordTable = "stackone_records"
    static let prefix = "/unified/ticketing"

    typealias Handler = @Sendable (Context) throws -> Response
    private let routes: RouteTable<Handler>

    public init() {
        var t = RouteTable<Handler>()
        let table: [(String, String, Handler)] = [
            ("GET", "/tickets", Tickets.list), ("POST", "/tickets", Tickets.create),
            ("GET", "/tickets/:id", Tickets.show), ("PATCH", "/tickets/:id", Tickets.update),
            ("GET", "/tickets/:id/comments", TicketChildren.comments), ("GET", "/tickets/:id/comments/:sub", TicketChildren.comment),
            ("GET", "/tickets/:id/attachments", TicketChildren.attachments), ("GET", "/tickets/:id/attachments/:sub", TicketChildren.attachment),
            ("GET", "/tickets/:id/attachments/:sub/download", TicketChildren.download),
            ("GET", "/tickets/:id/statuses", TicketChildren.statuses),
            ("GET", "/users", Users.list), ("GET", "/users/:id", Users.show),
            ("GET", "/ticket_types", TicketTypes.list), ("GET", "/ticket_types/:id", TicketTypes.show),
            ("GET", "/collections", Collections.collections), ("GET", "/collections/:id", Collections.collection),
            ("GET", "/collections/:id/ticket_types", Collections.collectionTicketTypes),
            ("GET", "/projects", Collections.projects), ("GET", "/projects/:id", Collections.showProject),
            ("GET", "/projects/:id/components", Collections.components),
            ("GET", "/projects/:id/components/:sub", Collections.showComponent),
            ("GET", "/projects/:id/ticket_types", Collections.projectTicketTypes),
        ]
        // Reads hold until a write: nothing StackOne answers to a GET depends on the clock.
        for (method, path, handler) in table {
            let lists = method == "GET" && !path.hasSuffix(":id") && !path.hasSuffix(":sub") && !path.hasSuffix("/download")
            t.add(method, Self.prefix + path, handler, fresh: method == "GET" ? .untilWrite : nil, pages: lists)
        }
        routes = t
    }

    public var operations: [APIOperation] { routes.operations }

    public var recordKinds: [RecordKind] { RecordKinds.all }

    /// The errors StackOne's unified API documents.
    public var documentedErrors: [DocumentedError] {
        [DocumentedError(400, "a missing x-account-id or a body the API refuses"),
         DocumentedError(401, "credentials that do not authenticate"),
         DocumentedError(404, "an account or record that does not exist"),
         DocumentedError(412, "a linked account that is disabled"),
         DocumentedError(429, "the rate limit")]
    }

    /// Version 3: the records table as a rowid table (``RecordTable``).
    public var schema: Schema? { RecordStore.schema(table: Self.table, group: name, version: 3) }

    public func loadFixtures(into db: TenantDatabase, from directory: String) throws {
        try Fixtures.load(into: db, from: directory)
    }

    public func makeCredentials(tenantID: String, isDemo: Bool, ids: any IDGenerator) -> APICredentials {
        let key = isDemo ? "demo-stackone-key" : "v1.us1." + ids.hex(32)
        let account = isDemo ? "demo-stackone-account" : ids.secretHex(20)
        let disabled = isDemo ? "demo-stackone-disabled-account" : ids.secretHex(20)
        let json: JSON = [
            "api_key": .string(key), "account_id": .string(account),
            "headers": ["Authorization": .string(Authorization.basicHeader(user: key, password: "")), "x-account-id": .string(account)],
            "disabled_account_id": .string(disabled),
        ]
        return APICredentials(json: json, secrets: [key])
    }

    public func fixtureIDs(in db: TenantDatabase) throws -> JSON {
        let store = RecordStore(db, table: Self.table)
        func ids(_ kind: String, _ conditions: [Condition] = []) throws -> JSON {
            var q = RecordQuery(kind: kind)
            q.conditions = conditions
            return .array(try store.keys(q).map { .string($0.key) })
        }
        return [
            "ticket_ids": try ids(Kind.ticket), "user_ids": try ids(Kind.user), "ticket_type_ids": try ids(Kind.ticketType),
            "collection_ids": try ids(Kind.collection),
            "project_ids": try ids(Kind.collection, [.compare(Collections.collectionType, .eq, [.text("project")])]),
        ]
    }

    public func tenantID(for request: Request, in directory: any CredentialDirectory) -> String? {
        Authorization.basic(request).flatMap { directory.tenantID(api: name, secret: $0.user) }
    }

    /// What `screen` found: the handler of the route the request matched.
    public struct Screened: Sendable {
        let handler: Handler
    }

    public func screen(_ request: APIRequest) -> Screening<Screened> {
        if let refusal = refusal(request) { return .answer(heartbeat(refusal, request)) }
        switch routes.match(method: request.method, path: request.path) {
        case .notFound, .methodNotAllowed:
            return .answer(heartbeat(StackOneError(404, "Cannot \(request.method) \(request.path)").response(now: request.now), request))
        case .found(let handler, let parameters, let fresh):
            return .matched(request, parameters: parameters, fresh: fresh, Screened(handler: handler))
        }
    }

    public func answer(_ r: APIRequest, screened: Screened) -> Response {
        heartbeat(answer(r, screened.handler), r)
    }

    /// `Prefer: heartbeat` is answered with `Preference-Applied`.
    private func heartbeat(_ response: Response, _ request: APIRequest) -> Response {
        guard request.headers.tokens("Prefer").contains(where: { $0.lowercased() == "heartbeat" }) else { return response }
        var r = response
        r.headers.set("Preference-Applied", "heartbeat")
        return r
    }

    /// The answer to credentials or an account header that do not do.
    private func refusal(_ request: APIRequest) -> Response? {
        guard let credentials = request.tenant?.credentials[name]?.json else {
            var h = HTTPHeaders()
            h.set("WWW-Authenticate", "Basic realm=\"StackOne\"")
            return StackOneError(401).response(now: request.now, headers: h)
        }
        guard let account = request.headers["x-account-id"], !account.trimmed.isEmpty else {
            return StackOneError.badRequest("The x-account-id header is required").response(now: request.now)
        }
        if account == credentials["disabled_account_id"]?.string {
            return StackOneError(412, "The account \(account) is disabled").response(now: request.now)
        }
        guard account == credentials["account_id"]?.string else {
            return StackOneError(404, "Account \(account) not found").response(now: request.now)
        }
        return nil
    }

    private func answer(_ r: APIRequest, _ handler: Handler) -> Response {
        guard let tenant = r.tenant, let credentials = tenant.credentials[name]?.json else {
            return StackOneError(401).response(now: r.now)
        }
        do {
            return try tenant.withDatabase { db in
                let store = RecordStore(db, table: Self.table)
                let organization = try store.get(Kind.organization, key: "1")?.doc ?? [:]
                let key = Array((credentials["api_key"]?.string ?? "").utf8)
                return try handler(Context(store: store, request: r, organization: organization, cursorKey: key))
            }
        } catch {
            return respond(to: error, for: r)
        }
    }

    public func errorResponse(_ kind: ErrorKind, request: APIRequest) -> Response {
        var h = HTTPHeaders()
        if kind == .rateLimited { h.set("Retry-After", "60") }
        return StackOneError(kind.defaultStatus).response(now: request.now, headers: h)
    }
}
