import HTTP1
import Storage
import UnderstudyCore

/// Jifeline Partner API (`/jifeline/v2/...`, tokens at `/jifeline/oauth2/token`, signed-URL file store at `/jifeline/storage`).
///
/// LIMITATIONS: tickets are read-only (seeded per tenant); the file store is the simulator's own, S3-style.
public struct JifelineAPI: SimulatedAPI {
    public let name = "jifeline"
    static let table: RecordTable = "jifeline_records"

    typealias Handler = @Sendable (Context) throws -> Response
    struct Route: Sendable {
        let handler: Handler
        /// Storage URLs carry their own signature instead of a bearer token.
        let needsBearer: Bool
    }

    private let routes: RouteTable<Route>

    public init() {
        var t = RouteTable<Route>()
        let api: [(String, String, Handler)] = [
            ("GET", "/v2/tickets/tickets", Tickets.list), ("GET", "/v2/tickets/tickets/:id", Tickets.show),
            ("GET", "/v2/tickets/notes", Notes.list), ("POST", "/v2/tickets/notes", Notes.create),
            ("GET", "/v2/tickets/notes/:id", Notes.show), ("PUT", "/v2/tickets/notes/:id", Notes.update),
            ("DELETE", "/v2/tickets/notes/:id", Notes.delete),
            ("GET", "/v2/tickets/note-attachments", NoteAttachments.list), ("POST", "/v2/tickets/note-attachments", NoteAttachments.create),
            ("GET", "/v2/tickets/note-attachments/:note/:filename", NoteAttachments.show),
        ]
        // A read holds until a write, or until the bearer token it was checked with expires; an attachment's answer
        // carries URLs signed at request time and is never kept.
        for (m, p, h) in api {
            let signsURLs = p.hasPrefix("/v2/tickets/note-attachments")
            let lists = m == "GET" && !p.hasSuffix(":id") && !p.hasSuffix(":filename")
            t.add(m, p, Route(handler: h, needsBearer: true), fresh: m == "GET" && !signsURLs ? .untilExpiry : nil, pages: lists)
        }
        t.add("PUT", "\(StoredFiles.prefix)/:client/:note/:filename", Route(handler: StoredFiles.upload, needsBearer: false))
        t.add("GET", "\(StoredFiles.prefix)/:client/:note/:filename", Route(handler: StoredFiles.download, needsBearer: false))
        routes = t
    }

    public var operations: [APIOperation] { [APIOperation(method: "POST", pattern: "/oauth2/token")] + routes.operations }

    public var recordKinds: [RecordKind] { RecordKinds.all }

    /// The errors the Partner API documents, and the storage endpoints' S3 errors.
    public var documentedErrors: [DocumentedError] {
        [DocumentedError(400, "a query or body the API refuses (the problem's errors list)"),
         DocumentedError(401, "a missing, unknown or expired bearer token"),
         DocumentedError(401, "client credentials the token endpoint refuses", "POST", "/oauth2/token"),
         DocumentedError(404, "a ticket or note that does not exist"),
         DocumentedError(403, "an upload URL that has expired or was altered", "PUT", "\(StoredFiles.prefix)/:client/:note/:filename"),
         DocumentedError(403, "a download URL that has expired or was altered", "GET", "\(StoredFiles.prefix)/:client/:note/:filename")]
    }

    /// Version 3: the records table as a rowid table (``RecordTable``).
    public var schema: Schema? { RecordStore.schema(table: Self.table, group: name, version: 3) }

    public func loadFixtures(into db: TenantDatabase, from directory: String) throws {
        try Fixtures.load(into: db, from: directory)
    }

    public func makeCredentials(tenantID: String, isDemo: Bool, ids: any IDGenerator) -> APICredentials {
        let client = isDemo ? "demo-jifeline-client" : "client-" + ids.hex(16)
        let secret = isDemo ? "demo-jifeline-secret" : ids.secretHex(40)
        let token = isDemo ? "demo-jifeline-token" : ids.secretHex(48)
        let json: JSON = [
            "client_id": .string(client), "client_secret": .string(secret),
            "headers": ["Authorization": .string("Bearer \(token)")],
        ]
        return APICredentials(json: json, secrets: [client, token])
    }

    public func fixtureIDs(in db: TenantDatabase) throws -> JSON {
        var q = RecordQuery(kind: Tickets.kind)
        q.limit = 100
        return ["ticket_ids": .array(try RecordStore(db, table: Self.table).keys(q).map { .string($0.key) })]
    }

    /// The bearer token (itself, or the client it names), the token request's client, or a storage URL's client.
    public func tenantID(for request: Request, in directory: any CredentialDirectory) -> String? {
        let path = request.path
        if path == "/\(name)/oauth2/token" {
            return Tokens.requestedClientID(request).flatMap { directory.tenantID(api: name, secret: $0) }
        }
        let storage = "/\(name)\(StoredFiles.prefix)/"
        if path.hasPrefix(storage) {
            let client = path.dropFirst(storage.count).split(separator: "/").first.map { QueryString.decode($0, plusIsSpace: false) }
            return client.flatMap { directory.tenantID(api: name, secret: $0) }
        }
        guard let token = Authorization.bearer(request) else { return nil }
        return directory.tenantID(api: name, secret: token) ?? Tokens.clientID(ofToken: token).flatMap { directory.tenantID(api: name, secret: $0) }
    }

    /// What `screen` found: a route of the table, or none for the OAuth token endpoint.
    public struct Screened: Sendable {
        let route: Route?
    }

    public func screen(_ request: APIRequest) -> Screening<Screened> {
        // The token endpoint checks its own credentials (in the form body).
        if request.path == "/oauth2/token" { return .pass(request, Screened(route: nil)) }
        switch routes.match(method: request.method, path: request.path) {
        case .notFound:
            return .answer(JifelineError.response(JifelineError(404, "No resource at \(request.path)"), path: request.path))
        case .methodNotAllowed(let allowed):
            return .answer(methodNotAllowed(request, allowed))
        case .found(let route, let parameters, let fresh):
            return .matched(request, parameters: parameters, fresh: fresh, Screened(route: route))
        }
    }

    public func answer(_ r: APIRequest, screened: Screened) -> Response {
        let credentials = r.tenant?.credentials[name]?.json
        guard let route = screened.route else {
            guard r.method == "POST" else { return methodNotAllowed(r, ["POST"]) }
            return Tokens.issue(r, credentials: credentials)
        }
        return answer(route, r, credentials: credentials)
    }

    private func answer(_ route: Route, _ request: APIRequest, credentials: JSON?) -> Response {
        guard let tenant = request.tenant, let credentials, let clientID = credentials["client_id"]?.string,
              let secret = credentials["client_secret"]?.string else {
            if route.needsBearer { return JifelineError.response(.unauthorized, path: request.path, headers: bearerChallenge) }
            return S3Error.response(for: .signatureMismatch, resource: request.path, requestID: request.id)
        }
        do {
            return try tenant.withDatabase { db in
                let store = RecordStore(db, table: Self.table)
                if route.needsBearer {
                    let convenience = credentials["headers"]?["Authorization"]?.string.map { String($0.dropFirst("Bearer ".count)) }
                    guard let token = Authorization.bearer(request.http),
                          try Tokens.isValid(token, store: store, convenience: convenience, request: request) else {
                        return JifelineError.response(.unauthorized, path: request.path, headers: bearerChallenge)
                    }
                }
                let client = try store.get(Fixtures.clientKind, key: "1")?.doc ?? [:]
                let c = Context(store: store, request: request,
                                author: (client["id"]?.string ?? "", client["name"]?.string ?? ""),
                                signer: URLSigner(key: secret), clientID: clientID)
                return try route.handler(c)
            }
        } catch {
            return respond(to: error, for: request)
        }
    }

    private var bearerChallenge: HTTPHeaders {
        var h = HTTPHeaders()
        h.set("WWW-Authenticate", "Bearer")
        return h
    }

    private func methodNotAllowed(_ request: APIRequest, _ allowed: [String]) -> Response {
        var h = HTTPHeaders()
        h.set("Allow", allowed.joined(separator: ", "))
        return JifelineError.response(JifelineError(405, "\(request.method) is not allowed on \(request.path)"), path: request.path, headers: h)
    }

    public func unexpected(_ request: APIRequest) -> Response { JifelineError.unexpected(request) }

    public func errorResponse(_ kind: ErrorKind, request: APIRequest) -> Response {
        // Signed-URL storage is S3's: its errors are S3's XML.
        if kind == .contentTooLarge, request.path.hasPrefix(StoredFiles.prefix + "/") {
            return S3Error.tooLarge(resource: request.path, requestID: request.id)
        }
        var h = HTTPHeaders()
        if kind == .rateLimited { h.set("Retry-After", "60") }
        return JifelineError.response(JifelineError(kind.defaultStatus, HTTPStatus.reason(kind.defaultStatus)), path: request.path, headers: h)
    }
}
