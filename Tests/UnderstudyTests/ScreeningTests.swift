import HTTP1
import Testing
import TestSupport
import UnderstudyCore

/// Every API screens a request (credentials, route) before it waits for its tenant; `handle` screens and answers
/// in one call, exactly as the router does in two steps.
@Suite struct ScreeningTests {
    static let cases: [(api: String, method: String, path: String, headers: [(String, String)])] = [
        ("fleetio", "GET", "/api/v1/issues/1", [("Authorization", "Token demo-fleetio-key"), ("Account-Token", "demo-fleetio-account")]),
        ("fleetio", "GET", "/api/v1/nothing", [("Authorization", "Token demo-fleetio-key"), ("Account-Token", "demo-fleetio-account")]),
        ("stackone", "GET", "/unified/ticketing/ticket_types", [("Authorization", "Basic " + Base64.encode("demo-stackone-key:")), ("x-account-id", "demo-stackone-account")]),
        ("stackone", "GET", "/unified/ticketing/tickets", [("Authorization", "Basic " + Base64.encode("demo-stackone-key:"))]),
        ("bossdesk", "GET", "/api/v1/ticket_types", [("Authorization", #"Token token="demo-bossdesk-agent-key""#)]),
        ("bossdesk", "GET", "/api/v1/nothing", [("Authorization", #"Token token="demo-bossdesk-agent-key""#)]),
        ("jifeline", "GET", "/v2/tickets/tickets?limit=2", [("Authorization", "Bearer demo-jifeline-token")]),
        ("jifeline", "DELETE", "/v2/tickets/tickets", [("Authorization", "Bearer demo-jifeline-token")]),
    ]

    @Test(arguments: 0..<cases.count)
    func handleScreensAndAnswersARequestAsTheRouterDoes(_ i: Int) throws {
        let app = try TestApp()
        let c = Self.cases[i]
        let wire = try app.request(c.method, "/\(c.api)\(c.path)", headers: c.headers)
        let api = try #require(app.simulator.api(named: c.api))
        let tenant = app.simulator.registry.tenant("demo")
        var headers = HTTPHeaders()
        for (k, v) in c.headers { headers.set(k, v) }
        let http = Request(method: c.method, target: c.path, headers: headers)
        let request = APIRequest(http: http, api: c.api, path: http.path, tenant: tenant, now: 0, id: 1)
        let direct = api.handle(request)
        #expect(direct.status == wire.status, "\(c.method) \(c.path)")
        #expect(direct.body == wire.body || c.api == "stackone", "\(c.method) \(c.path)")   // StackOne stamps the time
    }
}
