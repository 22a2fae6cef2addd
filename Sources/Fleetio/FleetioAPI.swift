import HTTP1
import Storage
import UnderstudyCore

/// Fleetio (`/fleetio/api/v1`, `/fleetio/api/v2`, `/fleetio/api` with `X-Api-Version`): issues, faults, fault rules,
/// the vehicles, equipment, contacts, labels, priorities and comments they refer to, and the ten resources Fleetio's
/// own data connectors read (submitted inspection forms, service, expense and fuel entries, parts, purchase orders,
/// vehicle assignments, accounts) with the lookups those name (vendors, fuel and expense types, part categories,
/// manufacturers and locations, inspection forms).
///
/// LIMITATIONS: no resolve/close endpoint is public, so a PATCH of `state` moves an issue; only `Issue` comments exist;
/// the per-account rate limit is off unless a scenario turns it on; ids are per tenant, not global; the Bulk API
/// (`/bulk_api_jobs`, which seed 001 recommends for many faults) and work orders, service reminders, renewals and
/// meter entries as resources of their own are not served (their counts on a vehicle are 0).
public struct FleetioAPI: SimulatedAPI {
    public let name = "fleetio"
    /// The record table in each tenant database.
    static let table: RecordTable = "fleetio_records"
    /// Every resource, served by the generic handlers of `ResourceRoutes`.
    static let resources: [Resource] = [
        Issues.resource, Faults.resource, FaultRules.resource, Vehicles.resource, Equipment.resource,
        Contacts.resource, Labels.resource, IssuePriorities.resource, Comments.resource,
        SubmittedInspectionForms.resource, ServiceEntries.resource, ExpenseEntries.resource, FuelEntries.resource,
        Parts.resource, PurchaseOrders.resource, VehicleAssignments.resource, Accounts.resource,
        Vendors.resource, FuelTypes.resource, ExpenseEntryTypes.resource, PartCategories.resource,
        PartManufacturers.resource, PartLocations.resource, InspectionForms.resource,
    ]

    /// A route's handler: the same signature as every vendor's, `(Context) throws -> Response`.
    typealias Handler = @Sendable (Context) throws -> Response

    struct Endpoint: Sendable {
        let resource: Resource
        /// Whether it changes records (refused to a read-only key).
        let writes: Bool
        let handler: Handler
    }

    private let routes: RouteTable<Endpoint>

    public init() {
        var table = RouteTable<Endpoint>()
        for r in Self.resources {
            let ops: [(Operation, String, String)] = [
                (.list, "GET", "/\(r.path)"), (.create, "POST", "/\(r.path)"), (.show, "GET", "/\(r.path)/:id"),
                (.update, "PATCH", "/\(r.path)/:id"), (.update, "PUT", "/\(r.path)/:id"), (.delete, "DELETE", "/\(r.path)/:id"),
            ]
            for (op, method, pattern) in ops where r.operations.contains(op) {
                table.add(method, pattern, Endpoint(resource: r, writes: method != "GET", handler: ResourceRoutes.handler(op, r)),
                          fresh: method == "GET" ? r.freshness : nil, pages: op == .list)
            }
            for parent in r.parents {
                table.add("GET", "/\(parent.path)/:id/\(r.path)",
                          Endpoint(resource: r, writes: false, handler: { try ResourceRoutes.list(r, under: parent, $0) }),
                          fresh: r.freshness, pages: true)
            }
            for name in r.actions.keys.sorted() {
                table.add("PATCH", "/\(r.path)/:id/\(name)", Endpoint(resource: r, writes: true, handler: { try ResourceRoutes.action(name, r, $0) }))
            }
        }
        routes = table
    }

    /// Version 3: the records table as a rowid table (``RecordTable``).
    public var schema: Schema? { RecordStore.schema(table: Self.table, group: name, version: 3) }

    public func loadFixtures(into db: TenantDatabase, from directory: String) throws {
        try Fixtures.load(into: db, from: directory)
    }

    public func makeCredentials(tenantID: String, isDemo: Bool, ids: any IDGenerator) -> APICredentials {
        let key = isDemo ? "demo-fleetio-key" : ids.secretHex(40)
        let account = isDemo ? "demo-fleetio-account" : ids.secretHex(10)
        let readOnly = isDemo ? "demo-fleetio-readonly-key" : ids.secretHex(40)
        let json: JSON = [
            "api_key": .string(key), "account_token": .string(account),
            "headers": ["Authorization": .string("Token \(key)"), "Account-Token": .string(account)],
            "read_only": ["api_key": .string(readOnly), "headers": ["Authorization": .string("Token \(readOnly)"), "Account-Token": .string(account)]],
        ]
        return APICredentials(json: json, secrets: [key, readOnly])
    }

    public func fixtureIDs(in db: TenantDatabase) throws -> JSON {
        let store = RecordStore(db, table: Self.table)
        func ids(_ kind: String) throws -> JSON {
            var q = RecordQuery(kind: kind)
            q.limit = 100
            return .array(try store.keys(q).map { .int($0.seq) })
        }
        var rules = RecordQuery(kind: FaultRules.kind)
        rules.limit = 100
        return [
            "vehicle_ids": try ids(Vehicles.kind), "contact_ids": try ids(Contacts.kind),
            "fault_rule_codes": .array(try store.field("$.code", of: rules).map { $0.string.map(JSON.string) ?? .null }),
            "label_ids": try ids(Labels.kind), "issue_priority_ids": try ids(IssuePriorities.kind),
        ]
    }

    public func tenantID(for request: Request, in directory: any CredentialDirectory) -> String? {
        Authorization.token(request).flatMap { directory.tenantID(api: name, secret: $0) }
    }

    /// What `screen` found: the endpoint and the API version the request asks for.
    public struct Screened: Sendable {
        let endpoint: Endpoint
        let version: PathVersion
        let versionHeader: String?
    }

    public func screen(_ request: APIRequest) -> Screening<Screened> {
        do {
            return try screened(request)
        } catch {
            return .answer(respond(to: error, for: request))
        }
    }

    public func answer(_ request: APIRequest, screened: Screened) -> Response {
        do {
            return try answer(request, screened)
        } catch {
            return respond(to: error, for: request)
        }
    }

    /// Everything that needs no tenant state: credentials, version, route, read-only keys.
    private func screened(_ request: APIRequest) throws -> Screening<Screened> {
        // Auth first, as Fleetio does: key and account token must both name this tenant.
        guard let tenant = request.tenant, let key = Authorization.token(request.http),
              let credentials = tenant.credentials[name],
              let accountToken = request.headers["Account-Token"], accountToken == credentials.json["account_token"]?.string
        else { throw FleetioError.unauthenticated }
        let readOnly = key == credentials.json["read_only"]?["api_key"]?.string

        let (version, rest) = try Self.split(request.path)
        var versionHeader: String?
        if let v = request.headers["X-Api-Version"] {
            guard APIVersionHeader.known.contains(v) else {
                throw FleetioError(400, "Unknown X-Api-Version '\(v)'; known versions: \(APIVersionHeader.known.joined(separator: ", "))")
            }
            versionHeader = v
        }
        guard case .found(let endpoint, let parameters, let fresh) = routes.match(method: request.method, path: rest),
              endpoint.resource.versions.contains(version) else { throw FleetioError(404, "No route matches \(request.method) \(request.path)") }
        if readOnly && endpoint.writes { throw FleetioError.forbidden }
        return .matched(request, parameters: parameters, fresh: fresh, Screened(endpoint: endpoint, version: version, versionHeader: versionHeader))
    }

    private func answer(_ r: APIRequest, _ screened: Screened) throws -> Response {
        guard let tenant = r.tenant else { throw FleetioError.unauthenticated }
        let (endpoint, version, versionHeader) = (screened.endpoint, screened.version, screened.versionHeader)
        let request = r
        return try tenant.withDatabase { db in
            let store = RecordStore(db, table: Self.table)
            let account = Account(try store.get(Account.kind, key: "1")?.doc ?? [:])
            // Without X-Api-Version, the version the tenant's key is locked to.
            let inForce = try versionHeader ?? KeyVersion.read(store)
            let c = Context(store: store, clock: .request(request), account: account, version: version, versionHeader: inForce)
            return try endpoint.handler(c)
        }
    }

    public func settings(in db: TenantDatabase) throws -> JSON {
        [KeyVersion.member: .string(try KeyVersion.read(RecordStore(db, table: Self.table)))]
    }

    public func updateSettings(_ changes: JSON, in db: TenantDatabase) throws -> JSON {
        [KeyVersion.member: .string(try KeyVersion.update(changes, RecordStore(db, table: Self.table)))]
    }

    public var recordKinds: [RecordKind] { RecordKinds.all }

    /// The errors fleetio.md documents (problem bodies, the 422 map, the rate limit).
    public var documentedErrors: [DocumentedError] {
        [DocumentedError(400, "a body that is not JSON, or an unknown X-Api-Version"),
         DocumentedError(401, "an API key and account token that do not authenticate"),
         DocumentedError(403, "a write with a read-only API key"), DocumentedError(404, "a record that does not exist"),
         DocumentedError(422, "a create or update the rules refuse (the field error map)"),
         DocumentedError(429, "the account token's rate limit")]
    }

    /// The route table's operations under each path version its resource serves (`/api/v1`, `/api/v2`, `/api`).
    public var operations: [APIOperation] {
        routes.operations.flatMap { op -> [APIOperation] in
            guard case .found(let endpoint, _, _) = routes.match(method: op.method, path: op.pattern) else { return [] }
            return [PathVersion.v1, .v2, .unversioned].filter(endpoint.resource.versions.contains).map { v in
                APIOperation(method: op.method, pattern: (v == .unversioned ? "/api" : "/api/\(v.rawValue)") + op.pattern, pages: op.pages)
            }
        }
    }

    /// `/api/v1/issues` → (.v1, `/issues`); `/api/issues` → (.unversioned, `/issues`).
    static func split(_ path: String) throws -> (PathVersion, String) {
        guard path == "/api" || path.hasPrefix("/api/") else { throw FleetioError(404, "No route matches \(path)") }
        let rest = String(path.dropFirst(4))
        for v in [PathVersion.v1, .v2] where rest == "/\(v.rawValue)" || rest.hasPrefix("/\(v.rawValue)/") {
            return (v, String(rest.dropFirst(v.rawValue.count + 1)))
        }
        return (.unversioned, rest)
    }

    public func errorResponse(_ kind: ErrorKind, request: APIRequest) -> Response {
        FleetioError.scripted(kind, path: request.path)
    }
}
