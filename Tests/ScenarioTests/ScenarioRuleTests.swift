import Foundation
import Testing
import TestSupport
import UnderstudyCore

/// Rules acting on real requests: matching, conditions, answers, counters per tenant.
@Suite struct ScenarioRuleTests {
    @Test func respondErrorAnswersTheVendorsOwnError() throws {
        let app = try TestApp()
        let t = try app.fleetioTenant()
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio"},"respond":{"error":"server_error"}}]}"#)
        let r = try app.get("/fleetio/api/v1/issues", headers: t.headers)
        #expect(r.status == 500)
        #expect(dig(r.json, "status") as? Int == 500)
        #expect(dig(r.json, "detail") as? String == "Something unexpected happened")
        #expect(dig(r.json, "instance") as? String == "/api/v1/issues")
    }

    @Test func respondExactSendsThatStatusHeadersAndBody() throws {
        let app = try TestApp()
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio"},"respond":{"status":418,"headers":{"X-Why":"tea"},"body":{"brew":"green"}}}]}"#)
        let r = try app.get("/fleetio/api/v1/issues")
        #expect(r.status == 418)
        #expect(r.header("X-Why") == "tea")
        #expect(r.header("Content-Type") == "application/json; charset=utf-8")
        #expect(r.text == #"{"brew":"green"}"#)
    }

    @Test func respondWithAStringBodySendsItAsText() throws {
        let app = try TestApp()
        try app.addScenario(#"{"name":"s","rules":[{"match":{},"respond":{"status":503,"body":"down for lunch"}}]}"#)
        let r = try app.get("/jifeline/v2/tickets")
        #expect(r.status == 503)
        #expect(r.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(r.text == "down for lunch")
    }

    /// Each condition over four matching requests: nth 2, after 2, times 2, every 2.
    @Test(arguments: [
        (#"{"nth":2}"#, [200, 500, 200, 200]),
        (#"{"after":2}"#, [200, 200, 500, 500]),
        (#"{"times":2}"#, [500, 500, 200, 200]),
        (#"{"every":2}"#, [200, 500, 200, 500]),
        (#"{"after":1,"times":2}"#, [200, 500, 200, 200]),
    ])
    func conditionPicksWhichMatchesAct(_ when: String, _ expected: [Int]) throws {
        let app = try TestApp()
        let t = try app.fleetioTenant()
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio"},"when":\#(when),"respond":{"error":"server_error"}}]}"#)
        #expect(try app.fleetioStatuses("/api/v1/issues", as: t, count: 4) == expected)
    }

    @Test func seededProbabilityGivesTheSameSequenceInTwoServerRuns() throws {
        let scenario = #"{"name":"s","rules":[{"match":{"api":"fleetio"},"when":{"probability":0.5,"seed":7},"respond":{"error":"server_error"}}]}"#
        func run() throws -> [Int] {
            let app = try TestApp()
            let t = try app.fleetioTenant()
            try app.addScenario(scenario)
            return try app.fleetioStatuses("/api/v1/issues", as: t, count: 16)
        }
        let first = try run()
        #expect(try run() == first)
        #expect(first.contains(200) && first.contains(500))
    }

    @Test func methodPathAndHeadersMustAllMatch() throws {
        let app = try TestApp()
        let t = try app.fleetioTenant()
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio","method":"GET","path":"/api/v1/issues/:id","headers":{"X-Test":"on"}},"respond":{"error":"server_error"}}]}"#)
        let on = [("X-Test", "on")]
        #expect(try app.get("/fleetio/api/v1/issues/1", headers: t.headers + on).status == 500)
        #expect(try app.get("/fleetio/api/v1/issues/1", headers: t.headers).status != 500)
        #expect(try app.get("/fleetio/api/v1/issues", headers: t.headers + on).status == 200)
        #expect(try app.request("DELETE", "/fleetio/api/v1/issues/1", headers: t.headers + on).status != 500)
        #expect(try app.get("/jifeline/api/v1/issues/1", headers: on).status != 500)
    }

    @Test func starMatchesTheRestOfThePath() throws {
        let app = try TestApp()
        let t = try app.fleetioTenant()
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio","path":"/api/v1/*"},"respond":{"error":"unavailable"}}]}"#)
        #expect(try app.get("/fleetio/api/v1/issues", headers: t.headers).status == 503)
        #expect(try app.get("/fleetio/api/v1/vehicles/880101", headers: t.headers).status == 503)
        #expect(try app.get("/fleetio/api/v2/issues", headers: t.headers).status == 200)
    }

    @Test func aTenantScopedScenarioLeavesOtherTenantsAlone() throws {
        let app = try TestApp()
        let a = try app.fleetioTenant(), b = try app.fleetioTenant()
        try app.addScenario(#"{"name":"s","tenant":"\#(a.id)","rules":[{"match":{},"respond":{"error":"server_error"}}]}"#)
        #expect(try app.get("/fleetio/api/v1/issues", headers: a.headers).status == 500)
        #expect(try app.get("/fleetio/api/v1/issues", headers: b.headers).status == 200)
    }

    @Test func matchOnTenantLeavesOtherTenantsAlone() throws {
        let app = try TestApp()
        let a = try app.fleetioTenant(), b = try app.fleetioTenant()
        try app.addScenario(#"{"name":"s","rules":[{"match":{"tenant":"\#(b.id)"},"respond":{"error":"server_error"}}]}"#)
        #expect(try app.get("/fleetio/api/v1/issues", headers: a.headers).status == 200)
        #expect(try app.get("/fleetio/api/v1/issues", headers: b.headers).status == 500)
    }

    @Test func countersArePerTenant() throws {
        let app = try TestApp()
        let a = try app.fleetioTenant(), b = try app.fleetioTenant()
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio"},"when":{"nth":2},"respond":{"error":"server_error"}}]}"#)
        #expect(try app.fleetioStatuses("/api/v1/issues", as: a, count: 2) == [200, 500])
        #expect(try app.fleetioStatuses("/api/v1/issues", as: b, count: 2) == [200, 500])
    }

    @Test func theFirstRuleThatHoldsActsAndLaterRulesDoNotCount() throws {
        let app = try TestApp()
        let t = try app.fleetioTenant()
        try app.addScenario("""
        {"name":"s","rules":[
          {"match":{"api":"fleetio"},"when":{"times":1},"respond":{"error":"bad_gateway"}},
          {"match":{"api":"fleetio"},"when":{"nth":2},"respond":{"error":"unavailable"}}]}
        """)
        #expect(try app.fleetioStatuses("/api/v1/issues", as: t, count: 4) == [502, 200, 503, 200])
    }

    @Test func aTenantResetStartsItsCountersAgain() throws {
        let app = try TestApp()
        let t = try app.fleetioTenant()
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio"},"when":{"times":1},"respond":{"error":"server_error"}}]}"#)
        #expect(try app.fleetioStatuses("/api/v1/issues", as: t, count: 2) == [500, 200])
        #expect(try app.post("/__admin/tenants/\(t.id)/reset").status == 200)
        #expect(try app.fleetioStatuses("/api/v1/issues", as: t, count: 2) == [500, 200])
    }

    @Test func theJournalNamesTheScenarioAndRule() throws {
        let app = try TestApp()
        let t = try app.fleetioTenant()
        try app.addScenario(#"{"name":"flaky","rules":[{"match":{"path":"/nothing"},"delay_ms":1},{"match":{"api":"fleetio"},"when":{"nth":2},"respond":{"error":"server_error"}}]}"#)
        _ = try app.fleetioStatuses("/api/v1/issues", as: t, count: 2)
        let entries = try #require(dig(try app.get("/__admin/requests?tenant=\(t.id)").json, "requests") as? [[String: Any]])
        #expect(entries.map { $0["status"] as? Int } == [200, 500])
        #expect(entries[0]["scenario"] is NSNull)
        #expect(entries[1]["scenario"] as? String == "flaky/rules[1]")
    }
}
