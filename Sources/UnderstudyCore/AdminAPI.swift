import HTTP1

/// A request to the admin API with its path parameters and parsed JSON body.
struct AdminRequest {
    let http: Request
    let parameters: [String: String]
    var query: QueryString { QueryString(http.query) }

    /// The body as a JSON object; an empty body is an empty object.
    func body() throws -> JSON {
        let json: JSON
        do { json = try JSONParser.parseBody(http.body) } catch { throw AdminError.badRequest("body is not valid JSON: \(error)") }
        guard case .object = json else { throw AdminError.badRequest("body must be a JSON object") }
        return json
    }

    func parameter(_ name: String) -> String { parameters[name] ?? "" }
}

/// `/__admin`: health, reset, tenants, clocks, the journal and snapshots (docs/INTERFACE.md).
final class AdminAPI: Sendable {
    typealias Handler = @Sendable (AdminAPI, AdminRequest) throws -> Response

    let simulator: Simulator
    private let routes: RouteTable<Handler>

    init(simulator: Simulator) {
        self.simulator = simulator
        var r = RouteTable<Handler>()
        r.add("GET", "/__admin/health") { a, _ in a.health() }
        r.add("POST", "/__admin/reset") { a, _ in try a.resetAll() }
        r.add("GET", "/__admin/tenants") { a, _ in a.listTenants() }
        r.add("POST", "/__admin/tenants") { a, req in try a.createTenant(req) }
        r.add("GET", "/__admin/tenants/:id") { a, req in try a.tenantObject(req.parameter("id"), status: 200) }
        r.add("DELETE", "/__admin/tenants/:id") { a, req in try a.deleteTenant(req.parameter("id")) }
        r.add("POST", "/__admin/tenants/:id/reset") { a, req in try a.resetTenant(req.parameter("id")) }
        r.add("GET", "/__admin/clock") { a, _ in a.globalClock() }
        r.add("POST", "/__admin/clock") { a, req in try a.changeGlobalClock(req) }
        r.add("DELETE", "/__admin/clock") { a, _ in a.resetGlobalClock() }
        r.add("GET", "/__admin/tenants/:id/clock") { a, req in try a.tenantClock(req.parameter("id")) }
        r.add("POST", "/__admin/tenants/:id/clock") { a, req in try a.changeTenantClock(req) }
        r.add("DELETE", "/__admin/tenants/:id/clock") { a, req in try a.resetTenantClock(req.parameter("id")) }
        r.add("GET", "/__admin/requests") { a, req in try a.requests(req) }
        r.add("DELETE", "/__admin/requests") { a, _ in a.clearRequests() }
        r.add("GET", "/__admin/coverage") { a, req in try a.coverage(req) }
        r.add("GET", "/__admin/tenants/:id/records") { a, req in try a.recordCounts(req) }
        r.add("POST", "/__admin/tenants/:id/records") { a, req in try a.seedRecords(req) }
        r.add("GET", "/__admin/kinds") { a, _ in a.listKinds() }
        r.add("GET", "/__admin/tenants/:id/snapshots") { a, req in try a.listSnapshots(req.parameter("id")) }
        r.add("POST", "/__admin/tenants/:id/snapshots") { a, req in try a.saveSnapshot(req) }
        r.add("POST", "/__admin/tenants/:id/restore") { a, req in try a.restoreSnapshot(req) }
        r.add("GET", "/__admin/tenants/:id/settings/:api") { a, req in try a.tenantSettings(req, change: false) }
        r.add("PATCH", "/__admin/tenants/:id/settings/:api") { a, req in try a.tenantSettings(req, change: true) }
        r.add("GET", "/__admin/scenarios") { a, _ in a.listScenarios() }
        r.add("POST", "/__admin/scenarios") { a, req in try a.addScenario(req) }
        r.add("DELETE", "/__admin/scenarios") { a, _ in a.removeAllScenarios() }
        r.add("DELETE", "/__admin/scenarios/:name") { a, req in try a.removeScenario(req.parameter("name")) }
        routes = r
    }

    /// Name of the header that carries the admin token.
    static let tokenHeader = "X-Understudy-Admin-Token"

    func handle(_ request: Request) -> Response {
        // The dashboard's files hold no data (the page asks for the token and sends it with every call it makes).
        if request.method == "GET" || request.method == "HEAD", let page = DashboardPage.answer(request.path) { return page }
        if let token = simulator.configuration.adminToken, request.headers[Self.tokenHeader] != token {
            return AdminError(401, "the admin API needs the header \(Self.tokenHeader)").response
        }
        switch routes.match(method: request.method, path: request.path) {
        case .notFound:
            return AdminError.notFound("no such admin endpoint: \(request.method) \(request.path)").response
        case .methodNotAllowed(let allowed):
            var r = AdminError(405, "\(request.method) is not allowed on \(request.path)").response
            r.headers.set("Allow", allowed.joined(separator: ", "))
            return r
        case .found(let handler, let parameters, _):
            do {
                return try handler(self, AdminRequest(http: request, parameters: parameters))
            } catch let e as AdminError {
                return e.response
            } catch {
                simulator.logger.log(.error, "admin request failed", [("path", .string(request.path)), ("error", .string("\(error)"))])
                return AdminError(500, "internal error: \(error)").response
            }
        }
    }

    // MARK: - Health and reset

    private func health() -> Response {
        let uptime = ((MonotonicTime.now() - simulator.startedAt) * 1000).rounded() / 1000
        return JSONResponse.make(200, [
            "status": "ok", "version": .string(UnderstudyVersion.current),
            "tenants": .int(simulator.registry.count), "uptime_s": .double(uptime),
        ])
    }

    private func resetAll() throws -> Response {
        try simulator.resetAll()
        return JSONResponse.make(200, ["status": "reset"])
    }

    // MARK: - Tenants

    func tenant(_ id: String) throws -> Tenant {
        guard let t = simulator.registry.tenant(id) else { throw AdminError.notFound("no such tenant: \(id)") }
        return t
    }

    private func createTenant(_ req: AdminRequest) throws -> Response {
        let body = try req.body()
        try Self.allowOnly(["id", "from_snapshot", "records"], in: body)
        let id = try Self.optionalString(body, "id")
        let snapshot = try Self.optionalString(body, "from_snapshot")
        let groups = try body["records"].map { r -> [JSON] in
            guard let a = r.array else { throw AdminError.badRequest("records: must be an array of {api, kind, records}") }
            return a
        } ?? []
        let t = try simulator.registry.create(id: id, fromSnapshot: snapshot)
        do {
            _ = try seed(groups, into: t, prefix: { "records[\($0)]." })
        } catch {
            try? simulator.registry.delete(t.id)   // a tenant whose records were refused is not kept
            throw error
        }
        var response = try tenantObject(t.id, status: 201)
        response.headers.set("Location", "/__admin/tenants/\(t.id)")
        return response
    }

    private func tenantObject(_ id: String, status: Int) throws -> Response {
        JSONResponse.make(status, try simulator.registry.object(for: try tenant(id)))
    }

    private func deleteTenant(_ id: String) throws -> Response {
        try simulator.registry.delete(id)
        simulator.scenarios.forgetTenant(id)
        MemoryRelease.now()   // the tenant's database image is freed by now
        return Response(status: 204)
    }

    private func resetTenant(_ id: String) throws -> Response {
        try simulator.registry.reset(id)
        simulator.scenarios.forgetTenant(id)
        return try tenantObject(id, status: 200)
    }

    // MARK: - Clocks

    private func clockJSON(_ now: Double, frozen: Bool, offset: Double) -> Response {
        JSONResponse.make(200, clockObject(now, frozen: frozen, offset: offset))
    }

    private func clockObject(_ now: Double, frozen: Bool, offset: Double) -> JSON {
        ["now": .string(ISO8601.format(now, fractionDigits: 3)), "frozen": .bool(frozen),
         "offset_s": .double((offset * 1000).rounded() / 1000)]
    }

    /// Every tenant, by id: whether it is `demo` and its clock (what a dashboard lists; credentials are in each
    /// tenant's own object).
    private func listTenants() -> Response {
        let base = simulator.clock.now()
        let tenants = simulator.registry.allTenants.sorted { $0.id < $1.id }.map { t -> JSON in
            let state = t.clock
            let now = state.now(base: base)
            return ["id": .string(t.id), "demo": .bool(t.isDemo), "clock": clockObject(now, frozen: state.frozenAt != nil, offset: now - base)]
        }
        return JSONResponse.make(200, ["tenants": .array(tenants)])
    }

    private func globalClock() -> Response {
        let state = simulator.clock.current
        let real = simulator.clock.realNow()
        let now = state.now(base: real)
        return clockJSON(now, frozen: state.frozenAt != nil, offset: now - real)
    }

    private func tenantClock(_ id: String) throws -> Response {
        let t = try tenant(id)
        let base = simulator.clock.now()
        let state = t.clock
        let now = state.now(base: base)
        return clockJSON(now, frozen: state.frozenAt != nil, offset: now - base)
    }

    /// `{"advance_s": N}`, `{"now": "ISO8601"}`, `{"frozen": bool}`, or several of them.
    private func clockChange(_ req: AdminRequest) throws -> (now: Double?, advance: Double?, frozen: Bool?) {
        let body = try req.body()
        try Self.allowOnly(["advance_s", "now", "frozen"], in: body)
        var advance: Double?, now: Double?, frozen: Bool?
        if let a = body["advance_s"] {
            guard let v = a.double, v.isFinite else { throw AdminError.badRequest("advance_s must be a number of seconds") }
            advance = v
        }
        if let n = body["now"] {
            guard let s = n.string, let v = ISO8601.parse(s) else { throw AdminError.badRequest("now must be an ISO-8601 date-time, e.g. 2026-01-31T12:00:00Z") }
            now = v
        }
        if let f = body["frozen"] {
            guard let v = f.bool else { throw AdminError.badRequest("frozen must be true or false") }
            frozen = v
        }
        if advance == nil && now == nil && frozen == nil { throw AdminError.badRequest("expected one of advance_s, now, frozen") }
        return (now, advance, frozen)
    }

    private func changeGlobalClock(_ req: AdminRequest) throws -> Response {
        let c = try clockChange(req)
        do { try simulator.clock.apply(now: c.now, advance: c.advance, frozen: c.frozen) } catch let e as ClockError {
            throw AdminError.badRequest(e.description)
        }
        return globalClock()
    }

    private func resetGlobalClock() -> Response {
        simulator.clock.reset()
        return globalClock()
    }

    private func changeTenantClock(_ req: AdminRequest) throws -> Response {
        let t = try tenant(req.parameter("id"))
        let c = try clockChange(req)
        do { try t.applyClock(now: c.now, advance: c.advance, frozen: c.frozen, global: simulator.clock) } catch let e as ClockError {
            throw AdminError.badRequest(e.description)
        }
        return try tenantClock(t.id)
    }

    private func resetTenantClock(_ id: String) throws -> Response {
        try tenant(id).resetClock()
        return try tenantClock(id)
    }

    // MARK: - Journal

    private func requests(_ req: AdminRequest) throws -> Response {
        let q = req.query
        var filter = JournalFilter()
        filter.tenant = q["tenant"].flatMap { $0.isEmpty ? nil : $0 }
        filter.api = q["api"].flatMap { $0.isEmpty ? nil : $0 }
        filter.method = q["method"].flatMap { $0.isEmpty ? nil : $0 }
        filter.path = q["path"].flatMap { $0.isEmpty ? nil : PathPattern($0) }
        if let s = q["status"], !s.isEmpty {
            if s.count == 3, s.hasSuffix("xx"), let c = Int(s.prefix(1)), (1...5).contains(c) {
                filter.statusClass = c
            } else {
                guard let v = Int(s), (100...599).contains(v) else { throw AdminError.badRequest("status must be an HTTP status code or a class such as 4xx") }
                filter.status = v
            }
        }
        if let l = q["limit"], !l.isEmpty {
            guard let v = ClientNumber.int(l, in: 0...Journal.maxPageSize) else {
                throw AdminError.badRequest("limit must be a whole number from 0 to \(Journal.maxPageSize)")
            }
            filter.limit = v
        }
        if let since = q["since_id"], !since.isEmpty {
            guard let v = ClientNumber.int(since, in: 0...Int.max) else { throw AdminError.badRequest("since_id must be a whole number ≥ 0") }
            filter.sinceID = v
        }
        if let before = q["before_id"], !before.isEmpty {
            guard let v = ClientNumber.int(before, in: 0...Int.max) else { throw AdminError.badRequest("before_id must be a whole number ≥ 0") }
            filter.beforeID = v
        }
        let entries = simulator.journal.entries(filter)
        // Where the next call goes on from: the newest entry listed, else the since_id given (a poller keeps it).
        let next = entries.last?.id ?? filter.sinceID
        return JSONResponse.make(200, ["requests": .array(entries.map { $0.json(masked: !simulator.configuration.showSecrets) }), "next_since_id": next.map(JSON.int) ?? .null])
    }

    private func clearRequests() -> Response {
        simulator.journal.clear()
        simulator.coverage.reset()
        return Response(status: 204)
    }

    // MARK: - Coverage

    /// What of each API the requests exercised (``Coverage``), for one tenant (`tenant=`) and API (`api=`) when
    /// asked; `format=text` gives the aligned table.
    private func coverage(_ req: AdminRequest) throws -> Response {
        let q = req.query
        let tenant = q["tenant"].flatMap { $0.isEmpty ? nil : $0 }
        let api = q["api"].flatMap { $0.isEmpty ? nil : $0 }
        if let api, simulator.api(named: api) == nil {
            throw AdminError.badRequest("no such API: \(api) (known: \(simulator.apis.map(\.name).joined(separator: ", ")))")
        }
        switch q["format"] ?? "json" {
        case "json", "": return JSONResponse.make(200, simulator.coverage.report(tenant: tenant, api: api))
        case "text": return Response(status: 200, contentType: "text/plain; charset=utf-8", body: simulator.coverage.text(tenant: tenant, api: api))
        case let other: throw AdminError.badRequest("format must be json or text, not \(other)")
        }
    }

    // MARK: - Settings

    /// A tenant's settings for one API; with `change`, the body's fields are applied first.
    private func tenantSettings(_ req: AdminRequest, change: Bool) throws -> Response {
        let t = try tenant(req.parameter("id"))
        guard let api = simulator.api(named: req.parameter("api")) else { throw AdminError.notFound("no such API: \(req.parameter("api"))") }
        // (Not `change ? … : nil`: JSON is ExpressibleByNilLiteral, so that would be `.some(.null)`.)
        var body: JSON?
        if change { body = try req.body() }
        do {
            let settings = try t.withDatabase { db -> JSON in
                guard let changes = body else { return try api.settings(in: db) }
                return try db.transaction { try api.updateSettings(changes, in: db) }
            }
            return JSONResponse.make(200, settings)
        } catch let e as SettingsError {
            throw AdminError.badRequest(e.message)
        }
    }

    // MARK: - Snapshots

    private func snapshotName(_ req: AdminRequest) throws -> String {
        let body = try req.body()
        try Self.allowOnly(["name"], in: body)
        guard let name = try Self.optionalString(body, "name") else { throw AdminError.badRequest("name is required") }
        return name
    }

    private func listSnapshots(_ id: String) throws -> Response {
        _ = try tenant(id)
        return JSONResponse.make(200, ["snapshots": .array(simulator.registry.snapshotNames(id).map(JSON.string))])
    }

    private func saveSnapshot(_ req: AdminRequest) throws -> Response {
        let id = req.parameter("id")
        _ = try tenant(id)
        let name = try snapshotName(req)
        try simulator.registry.snapshot(id, name: name)
        return JSONResponse.make(201, ["tenant": .string(id), "name": .string(name)])
    }

    private func restoreSnapshot(_ req: AdminRequest) throws -> Response {
        let id = req.parameter("id")
        _ = try tenant(id)
        let name = try snapshotName(req)
        try simulator.registry.restore(id, name: name)
        simulator.scenarios.forgetTenant(id)
        return JSONResponse.make(200, ["tenant": .string(id), "restored": .string(name)])
    }

    // MARK: - Body helpers

    static func allowOnly(_ keys: Set<String>, in body: JSON, prefix: String = "") throws {
        guard body.object != nil else { throw AdminError.badRequest("\(prefix.isEmpty ? "body" : String(prefix.dropLast())): must be a JSON object") }
        for k in body.keys where !keys.contains(k) {
            throw AdminError.badRequest("unknown field \(prefix)\(k) (expected \(keys.sorted().joined(separator: ", ")))")
        }
    }

    static func optionalString(_ body: JSON, _ key: String) throws -> String? {
        guard let v = body[key], !v.isNull else { return nil }
        guard let s = v.string else { throw AdminError.badRequest("\(key) must be a string") }
        return s
    }
}
