import HTTP1

/// The server's one handler: `/__admin/…` to the admin API, `/<api>/…` to that simulated API, anything else 404.
/// Every API request is journaled and logged.
public final class Router: Sendable {
    public let simulator: Simulator
    private let admin: AdminAPI

    public init(simulator: Simulator) {
        self.simulator = simulator
        admin = AdminAPI(simulator: simulator)
    }

    /// Answers one request. Never throws: failures become the right error answer. Waits for a busy tenant.
    public func handle(_ request: Request) -> Response {
        // Without a responder nothing is deferred: the answer is always there.
        route(request, responder: nil) ?? Response(status: 500)
    }

    /// Answers one request now, or returns nil when its tenant's database is busy and answers through `responder`
    /// once the thread using it has run this request too (`Tenant.perform`). For `Server`'s deferred handler.
    public func handle(_ request: Request, responder: Responder) -> Response? {
        route(request, responder: responder)
    }

    private func route(_ request: Request, responder: Responder?) -> Response? {
        let started = MonotonicTime.now()
        let path = request.path
        if request.refusedStatus != nil { return refusal(request, started: started) }
        if path == "/__admin" || path.hasPrefix("/__admin/") {
            let response = admin.handle(request)
            log(request, response, started: started, level: .debug, fields: [])
            return response
        }
        let name = apiName(of: path)
        guard let api = simulator.api(named: name) else {
            let response = JSONResponse.make(404, ["error": .string("no such API: \(QueryString.decode(path, plusIsSpace: false))")])
            log(request, response, started: started, level: .info, fields: [])
            return response
        }
        let vendorPath = String(path.dropFirst(name.utf8.count + 1))
        let tenantID = api.tenantID(for: request, in: simulator.registry)
        let tenant = tenantID.flatMap { simulator.registry.tenant($0) }
        let now = tenant?.now(global: simulator.clock) ?? simulator.clock.now()
        let apiRequest = APIRequest(http: request, api: name, path: vendorPath.isEmpty ? "/" : vendorPath,
                                    tenant: tenant, now: now, id: simulator.journal.nextID(),
                                    ids: simulator.configuration.ids)
        let decision: ScenarioDecision?
        do {
            decision = try scriptedDecision(for: apiRequest)
        } catch let e as RequestOverrides.Invalid {
            decision = ScenarioDecision(label: "header", answer: .exact(status: 400, headers: [], body: JSON.object([("error", .string(e.message))]).bytes,
                                                                       contentType: "application/json; charset=utf-8"))
        } catch {
            decision = nil
        }
        let finish: @Sendable (Response) -> Response = { [self] answer in
            // Renders a deferred body here: on the connection's loop, outside the tenant's lock.
            var response = scripted(answer, decision)
            response.settle()
            record(apiRequest, response, at: now, started: started, scenario: decision?.label)
            simulator.coverage.record(api: name, tenant: tenant?.id, method: request.method, path: apiRequest.path,
                                      query: apiRequest.query, status: response.status, scripted: decision?.answer?.coverageName,
                                      fault: response.fault)
            var fields: [(String, JSON)] = [("api", .string(name)), ("tenant", .from(tenant?.id)), ("request_id", .int(apiRequest.idValue))]
            // A 5xx the API gave by itself (not a scripted one) is a failure of ours or of the machine: say why.
            let failed = response.status >= 500 && decision?.answer == nil
            if failed { fields.append(("error", .string(apiRequest.failure ?? "no error recorded"))) }
            log(request, response, started: started, level: failed ? .error : .info, fields: fields)
            return response
        }
        if let answer = scriptedAnswer(apiRequest, api: api, decision: decision) { return finish(answer) }
        guard let answer = apiAnswer(apiRequest, api: api, responder: responder, then: { responder?.respond(finish($0)) }) else { return nil }
        return finish(answer)
    }

    /// A request the server refused after reading its head (its body is over the limit): answered in the vendor's own
    /// error format (`ErrorKind.contentTooLarge`), journaled and logged like any other; no scenario, no tenant work.
    /// Outside any API (the admin API, unknown paths) the admin API's own `{"error"}` shape.
    private func refusal(_ request: Request, started: Double) -> Response {
        let name = apiName(of: request.path)
        guard let api = simulator.api(named: name) else {
            return JSONResponse.make(413, ["error": .string("the request body is larger than \(simulator.configuration.server.limits.maxBodyBytes) bytes")])
        }
        let vendorPath = String(request.path.dropFirst(name.utf8.count + 1))
        let tenant = api.tenantID(for: request, in: simulator.registry).flatMap { simulator.registry.tenant($0) }
        let now = tenant?.now(global: simulator.clock) ?? simulator.clock.now()
        let apiRequest = APIRequest(http: request, api: api.name, path: vendorPath.isEmpty ? "/" : vendorPath,
                                    tenant: tenant, now: now, id: simulator.journal.nextID(), ids: simulator.configuration.ids)
        var response = api.errorResponse(.contentTooLarge, request: apiRequest)
        response.settle()
        record(apiRequest, response, at: now, started: started, scenario: nil)
        simulator.coverage.record(api: api.name, tenant: tenant?.id, method: request.method, path: apiRequest.path,
                                  query: apiRequest.query, status: response.status, scripted: nil, fault: nil)
        log(request, response, started: started, level: .info,
            fields: [("api", .string(api.name)), ("tenant", .from(tenant?.id)), ("request_id", .int(apiRequest.idValue))])
        return response
    }

    /// What the request's override headers, else the scenarios, script for it; nil lets the API answer.
    private func scriptedDecision(for request: APIRequest) throws -> ScenarioDecision? {
        let fromHeaders = try RequestOverrides.decision(request.headers)
        if let d = fromHeaders, d.answer != nil || d.fault != nil { return d }
        guard !simulator.scenarios.isEmpty, var d = simulator.scenarios.decide(ScenarioRequest(
            api: request.api, method: request.method, path: request.path, headers: request.headers,
            tenant: request.tenant?.id, now: request.nowValue)) else { return fromHeaders }
        d.delayMilliseconds += fromHeaders?.delayMilliseconds ?? 0
        return d
    }

    /// The scripted answer that replaces the API's, if the decision has one.
    private func scriptedAnswer(_ request: APIRequest, api: any SimulatedAPI, decision: ScenarioDecision?) -> Response? {
        switch decision?.answer {
        case .error(let kind)?:
            var response = api.errorResponse(kind, request: request)
            if let seconds = decision?.retryAfter { response.headers.set("Retry-After", String(seconds)) }
            return response
        case let .exact(status, headers, body, contentType)?:
            var response = Response(status: status, body: body)
            if let contentType { response.headers.set("Content-Type", contentType) }
            for (name, value) in headers { response.headers.set(name, value) }
            return response
        case nil:
            return nil
        }
    }

    /// The answer with the decision's delay and connection fault attached.
    private func scripted(_ answer: Response, _ decision: ScenarioDecision?) -> Response {
        guard let decision else { return answer }
        var response = answer
        response.delayMilliseconds += decision.delayMilliseconds
        response.fault = decision.fault ?? response.fault
        return response
    }

    /// The API's own answer: from the tenant's response cache when the same read was answered before and nothing
    /// it depended on has changed; else from the API (and kept when its route declares a ``Freshness``). With a responder, a request whose
    /// tenant is busy is queued for the thread using it: nil now, and `then` gets the answer on this loop later.
    private func apiAnswer(_ request: APIRequest, api: any SimulatedAPI, responder: Responder?,
                           then: @escaping @Sendable (Response) -> Void) -> Response? {
        guard let tenant = request.tenant else { return api.handle(request) }
        let key = ResponseCache.key(for: request.http)
        if let key, let kept = tenant.responses.answer(for: key, generation: tenant.generation, now: request.nowValue) { return kept }
        // What needs no tenant state is done here, before the request waits for the tenant.
        let screened: APIRequest, answer: @Sendable () -> Response
        switch api.prepare(request) {
        case .answer(let refusal): return refusal
        case .ready(let passed, let work): (screened, answer) = (passed, work)
        }
        let work: @Sendable () -> Response = {
            let generation = tenant.generation
            var response = answer()
            if let key, let validity = screened.freshness?.validity(screened.dependencies.validity, now: screened.nowValue) {
                response.settle()
                tenant.responses.store(response, for: key, generation: generation, current: tenant.generation, validity: validity)
            }
            return response
        }
        guard let responder else { return work() }
        // Writes wait for the end of the loop's round and run together; reads run at once when they can.
        let write = request.method != "GET" && request.method != "HEAD"
        return tenant.perform(work, home: responder.onLoop, gather: write, then: then)
    }

    /// The first path segment (`/fleetio/api/v1` → `fleetio`).
    private func apiName(of path: String) -> String {
        let rest = path.utf8.dropFirst()
        let end = rest.firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
        return String(decoding: rest[rest.startIndex..<end], as: UTF8.self)
    }

    /// Adds the exchange to the journal (which masks credentials when it is read, unless `--show-secrets`).
    private func record(_ apiRequest: APIRequest, _ response: Response, at now: Double, started: Double, scenario: String?) {
        let request = apiRequest.http
        simulator.journal.record(JournalEntry(
            id: apiRequest.idValue, at: now, tenant: apiRequest.tenant?.id, api: apiRequest.api, method: request.method,
            path: apiRequest.path, query: request.query, requestHeaders: request.headers, requestBody: request.body,
            status: response.status, responseHeaders: response.headers, responseBody: response.body,
            durationMilliseconds: (MonotonicTime.now() - started) * 1000, scenario: scenario))
    }

    private func log(_ request: Request, _ response: Response, started: Double, level: Logger.Level, fields: [(String, JSON)]) {
        guard simulator.logger.enabled(level) else { return }
        let ms = ((MonotonicTime.now() - started) * 1_000_000).rounded() / 1000
        let target = simulator.configuration.showSecrets ? request.target : SecretMask.query(request.target)
        simulator.logger.log(level, "\(request.method) \(target) \(response.status)",
                             [("status", .int(response.status)), ("duration_ms", .double(ms))] + fields)
    }
}
