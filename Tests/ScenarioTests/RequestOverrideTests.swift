import Foundation
import Testing
import TestSupport

/// `X-Understudy-Error`, `X-Understudy-Fault` and `X-Understudy-Delay-Ms` on single requests.
@Suite struct RequestOverrideTests {
    @Test(arguments: [
        ("/fleetio/api/v1/issues", "error"),
        ("/jifeline/v2/tickets", "status"),
        ("/stackone/unified/ticketing/tickets", "statusCode"),
        ("/bossdesk/api/v1/tickets", "errors"),
    ])
    func errorHeaderAnswersEachVendorsOwn429(_ path: String, _ field: String) throws {
        let app = try TestApp()
        let r = try app.get(path, headers: [("X-Understudy-Error", "rate_limited")])
        #expect(r.status == 429)
        #expect(r.header("Retry-After") != nil)
        #expect((r.json as? [String: Any])?[field] != nil, "\(r.text)")
    }

    @Test func overrideHeadersAreNamedInAnyCase() throws {
        let app = try TestApp()
        #expect(try app.get("/fleetio/api/v1/issues", headers: [("x-understudy-error", "unavailable")]).status == 503)
        #expect(try app.get("/fleetio/api/v1/issues", headers: [("X-UNDERSTUDY-ERROR", "conflict")]).status == 409)
    }

    @Test func aHeaderThatOnlyBeginsLikeAnOverrideChangesNothing() throws {
        let app = try TestApp()
        #expect(try app.get("/fleetio/api/v1/issues", headers: [("X-Understudy-Errors", "unavailable"), ("X-Understudy", "x")]).status == 401)
    }

    @Test func errorHeaderAnswersBeforeAuthentication() throws {
        let app = try TestApp()
        let r = try app.get("/fleetio/api/v1/issues", headers: [("X-Understudy-Error", "unavailable")])
        #expect(r.status == 503)
    }

    @Test func faultHeaderBreaksTheConnection() throws {
        let app = try TestApp()
        let c = try RawClient(port: app.port)
        c.send("GET /fleetio/api/v1/issues HTTP/1.1\r\nHost: x\r\nX-Understudy-Fault: connection_reset\r\n\r\n")
        #expect(c.wasReset())
    }

    @Test func delayHeaderHoldsTheAnswer() throws {
        let app = try TestApp()
        let start = Date()
        let r = try app.get("/fleetio/api/v1/issues", headers: [("X-Understudy-Delay-Ms", "250")])
        #expect(Date().timeIntervalSince(start) >= 0.25)
        #expect(r.status == 401)
    }

    @Test(arguments: [
        ("X-Understudy-Error", "teapot", "X-Understudy-Error: unknown error kind 'teapot'"),
        ("X-Understudy-Fault", "explode", "X-Understudy-Fault: unknown fault 'explode'"),
        ("X-Understudy-Delay-Ms", "soon", "X-Understudy-Delay-Ms: expected milliseconds from 0 to 600000, got 'soon'"),
        ("X-Understudy-Delay-Ms", "-5", "X-Understudy-Delay-Ms: expected milliseconds from 0 to 600000, got '-5'"),
    ])
    func badOverrideValuesAre400NamingTheHeader(_ name: String, _ value: String, _ message: String) throws {
        let app = try TestApp()
        let r = try app.get("/fleetio/api/v1/issues", headers: [(name, value)])
        #expect(r.status == 400)
        #expect((dig(r.json, "error") as? String)?.hasPrefix(message) == true, "\(r.text)")
    }

    @Test func theJournalNamesTheHeader() throws {
        let app = try TestApp()
        _ = try app.get("/fleetio/api/v1/issues", headers: [("X-Understudy-Error", "server_error")])
        let entries = try #require(dig(try app.get("/__admin/requests").json, "requests") as? [[String: Any]])
        #expect(entries.last?["scenario"] as? String == "header:X-Understudy-Error")
    }

    @Test func anErrorHeaderWinsOverAScenario() throws {
        let app = try TestApp()
        try app.addScenario(#"{"name":"s","rules":[{"match":{},"respond":{"error":"server_error"}}]}"#)
        #expect(try app.get("/fleetio/api/v1/issues", headers: [("X-Understudy-Error", "not_found")]).status == 404)
    }
}
