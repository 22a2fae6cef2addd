import HTTP1
import Storage
import UnderstudyCore

/// BOSSDesk (`/bossdesk/api/v1/...`): a whole service desk.
///
/// The subscription plan (API and CMDB access) is a tenant setting; see `Plan`.
public struct BOSSDeskAPI: SimulatedAPI {
    public let name = BOSSDeskAPI.apiName
    static let apiName = "bossdesk"
    /// Ticket attributes lists are most often filtered and sorted on, and the username every request looks its user up by,
    /// each in a column of its own with an index; a status combined with a priority or a type (the queues a service
    /// desk works from) has a composite index, since each of those alone matches a large share of the tickets. An agent
    /// or a requester narrows a list to that person's tickets by itself, and the status is then read inside that
    /// column's index (which carries every other column), so those pairs need no composite: a ticket written touches
    /// two B-trees fewer. Only users have a username, so its index
    /// leaves every other record out (a ticket written skips it).
    static let table = RecordTable("bossdesk_records", columns: ["status", "priority_id", "type_id", "agent_id", "requester_id", "updated_at"]
        .compactMap { Tickets.ransack.attribute(named: $0) } + [Users.usernameAttribute],
        composites: ["priority_id", "type_id"].map { ["status", $0] },
        sparse: [Users.usernameAttribute.name])
    private let routes = Routes.table()
    private let lookups = LookupCache()

    public init() {}

    /// Version 9: the records table as a rowid table with its attribute columns, their indexes and the composites
    /// in ``table`` (``RecordTable``).
    public var schema: Schema? { RecordStore.schema(table: Self.table, group: name, version: 9) }

    public func loadFixtures(into db: TenantDatabase, from directory: String) throws {
        try Fixtures.load(into: db, from: directory)
    }

    /// The three users every tenant has (docs/INTERFACE.md): role key, username, demo API key.
    static let users: [(role: String, username: String, demoKey: String)] = [
        ("agent", "jackpot", "demo-bossdesk-agent-key"),
        ("end_user", "aldente", "demo-bossdesk-user-key"),
        ("restricted_agent", "limited", "demo-bossdesk-limited-key"),
    ]

    public func makeCredentials(tenantID: String, isDemo: Bool, ids: any IDGenerator) -> APICredentials {
        var members: [(String, JSON)] = []
        var secrets: [String] = []
        for u in Self.users {
            let password = isDemo ? "demo-password" : ids.secretHex(20)
            let key = isDemo ? u.demoKey : ids.secretHex(44)
            members.append((u.role, [
                "username": .string(u.username), "password": .string(password), "api_key": .string(key),
                "headers": ["Authorization": .string("Token token=\"\(key)\"")],
            ]))
            secrets.append(key)
            secrets.append(Self.loginSecret(username: u.username, password: password))
        }
        let bucket = isDemo ? "demo-bossdesk-bucket" : "bossdesk-" + ids.hex(16)
        members.append(("storage", ["bucket": .string(bucket), "secret": .string(isDemo ? "demo-bossdesk-storage-secret" : ids.secretHex(40))]))
        secrets.append(Self.bucketSecret(bucket))
        return APICredentials(json: .object(members), secrets: secrets)
    }

    /// Storage URLs name their tenant by bucket.
    static func bucketSecret(_ bucket: String) -> String { "bucket:\(bucket)" }

    /// Usernames repeat across tenants, so a Basic login finds its tenant by username and password together.
    static func loginSecret(username: String, password: String) -> String { "login:\(username):\(password)" }

    public func fixtureIDs(in db: TenantDatabase) throws -> JSON {
        let store = RecordStore(db, table: Self.table)
        // Keys are the friendly ids (tickets, users, CIs) and the ids (lookup tables).
        func ids(_ kind: String) throws -> JSON { .array(try store.keys(RecordQuery(kind: kind)).compactMap { Int($0.key).map(JSON.int) }) }
        return ["ticket_friendly_ids": try ids(Kind.ticket), "ticket_type_ids": try ids("ticket_types"),
                "priority_ids": try ids("helpdesk_priorities"), "user_friendly_ids": try ids(Kind.user), "ci_friendly_ids": try ids(Kind.ci)]
    }

    public func tenantID(for request: Request, in directory: any CredentialDirectory) -> String? {
        let storage = Self.storagePrefix
        if request.path.hasPrefix(storage), let bucket = request.path.dropFirst(storage.count).split(separator: "/").first {
            return directory.tenantID(api: name, secret: Self.bucketSecret(String(bucket)))
        }
        if let key = Authorization.token(request) { return directory.tenantID(api: name, secret: key) }
        if let (user, password) = Authorization.basic(request) {
            return directory.tenantID(api: name, secret: Self.loginSecret(username: user, password: password))
        }
        return nil
    }

    /// Paths every request is compared with, made once.
    private static let storagePrefix = "/\(apiName)/s3/"
    private static let sessionsPath = "\(Routes.prefix)/sessions"

    /// The sessions call and the bucket sit outside the route table (they authenticate otherwise).
    public var recordKinds: [RecordKind] { RecordKinds.all }

    /// The errors the BOSSDesk API documents.
    public var documentedErrors: [DocumentedError] {
        [DocumentedError(401, "an API key that does not authenticate"),
         DocumentedError(402, "a plan without API access or without the CMDB"),
         DocumentedError(403, "a role without the permission"), DocumentedError(404, "a record that does not exist"),
         DocumentedError(409, "a ticket update with a stale lock_version", "PATCH", "\(Routes.prefix)/tickets/:id"),
         DocumentedError(422, "a create or update the rules refuse")]
    }

    public var operations: [APIOperation] {
        [APIOperation(method: "POST", pattern: Self.sessionsPath)] + routes.operations
            + [APIOperation(method: "POST", pattern: "/s3/:bucket"), APIOperation(method: "GET", pattern: "/s3/:bucket/*")]
    }

    /// What `screen` found: the storage (S3) endpoint and sign-in, which check their own credentials, or a route
    /// of the table and the name of the user whose key the request carries.
    public struct Screened: Sendable {
        enum Target {
            case bucket
            case signIn
            case route(Routes.Route, username: String)
        }
        let target: Target
    }

    public func screen(_ request: APIRequest) -> Screening<Screened> {
        guard let credentials = request.tenant?.credentials[name]?.json else { return .answer(BOSSDeskError.unauthorized.response) }
        // Storage URLs and sign-in have their own credentials, checked by `handle`.
        if request.path.hasPrefix("/s3/") { return .pass(request, Screened(target: .bucket)) }
        if request.path == Self.sessionsPath { return .pass(request, Screened(target: .signIn)) }
        guard let key = Authorization.token(request.http),
              let username = Self.users.first(where: { credentials[$0.role]?["api_key"]?.string == key })?.username else {
            return .answer(BOSSDeskError.unauthorized.response)
        }
        switch routes.match(method: request.method, path: request.path) {
        case .notFound, .methodNotAllowed:
            return .answer(BOSSDeskError.notFound.response)
        case .found(let route, let parameters, let fresh):
            return .matched(request, parameters: parameters, fresh: fresh, Screened(target: .route(route, username: username)))
        }
    }

    public func answer(_ r: APIRequest, screened: Screened) -> Response {
        guard let tenant = r.tenant, let credentials = tenant.credentials[name]?.json else {
            return BOSSDeskError.unauthorized.response
        }
        let route: Routes.Route, username: String
        switch screened.target {
        case .bucket:
            return Bucket.handle(r, credentials: credentials, tenant: tenant)
        case .signIn:
            guard r.method == "POST" else { return BOSSDeskError.notFound.response }
            return session(r, tenant: tenant, credentials: credentials)
        case .route(let matched, let name):
            (route, username) = (matched, name)
        }
        do {
            return try tenant.withDatabase { db in
                let store = RecordStore(db, table: Self.table)
                guard let user = try Users.byUsername(username, store: store) else { throw BOSSDeskError.unauthorized }
                if let refusal = try Plan.read(store).refusal(path: r.path) { throw refusal }
                guard route.access.allows(user) else { throw BOSSDeskError.forbidden }
                return try route.handler(Context(store: store, request: r, user: user, lookups: lookups))
            }
        } catch {
            return respond(to: error, for: r)
        }
    }

    /// `POST /sessions` with Basic credentials: the user with `api_key` and `permissions`.
    private func session(_ request: APIRequest, tenant: Tenant, credentials: JSON) -> Response {
        guard let (username, password) = Authorization.basic(request.http),
              let entry = Self.users.first(where: { $0.username == username }),
              credentials[entry.role]?["password"]?.string == password else {
            return BOSSDeskError.unauthorized.response
        }
        do {
            return try tenant.withDatabase { db in
                let store = RecordStore(db, table: Self.table)
                guard let user = try Users.byUsername(username, store: store) else { throw BOSSDeskError.unauthorized }
                if let refusal = try Plan.read(store).refusal(path: request.path) { throw refusal }
                let c = Context(store: store, request: request, user: user, lookups: lookups)
                var out = try Users.render(user, c)
                out.set("api_key", credentials[entry.role]?["api_key"] ?? .null)
                out.set("permissions", user["permissions"] ?? [:])
                return JSONResponse.make(200, out)
            }
        } catch {
            return respond(to: error, for: request)
        }
    }

    public func settings(in db: TenantDatabase) throws -> JSON {
        ["plan": try Plan.read(RecordStore(db, table: Self.table)).json]
    }

    public func updateSettings(_ changes: JSON, in db: TenantDatabase) throws -> JSON {
        ["plan": try Plan.update(changes, RecordStore(db, table: Self.table)).json]
    }

    public func unexpected(_ request: APIRequest) -> Response { BOSSDeskError.unexpected.response }

    public func errorResponse(_ kind: ErrorKind, request: APIRequest) -> Response {
        // The bucket is S3's: its errors are S3's XML.
        if kind == .contentTooLarge, request.path.hasPrefix("/s3/") { return S3Error.tooLarge(resource: request.path, requestID: request.id) }
        let messages: [ErrorKind: String] = [
            .unauthorized: "Unauthorized", .paymentRequired: "Your subscription plan does not include this feature",
            .forbidden: "You are not authorized to access this page", .notFound: "Not found",
            .conflict: "Ticket has been changed by someone else since you loaded it", .rateLimited: "Rate limit exceeded",
        ]
        var r = BOSSDeskError.base(kind.defaultStatus, messages[kind] ?? HTTPStatus.reason(kind.defaultStatus)).response
        if kind == .rateLimited { r.headers.set("Retry-After", "60") }
        return r
    }
}

