import Foundation
import Testing
import TestSupport
import UnderstudyCore

/// `/__admin/scenarios` and how scenarios live through resets.
@Suite struct ScenarioAdminTests {
    static let failAll = #"{"name":"fail-all","rules":[{"match":{"api":"fleetio"},"respond":{"error":"server_error"}}]}"#

    @Test func addedScenarioAnswers201WithLocation() throws {
        let app = try TestApp()
        let r = try app.post("/__admin/scenarios", Self.failAll)
        #expect(r.status == 201)
        #expect(r.header("Location") == "/__admin/scenarios/fail-all")
        #expect(dig(r.json, "rules") as? Int == 1)
    }

    @Test func listingShowsEachRuleWithItsHits() throws {
        let app = try TestApp()
        try app.addScenario(Self.failAll)
        _ = try app.get("/fleetio/api/v1/issues")
        _ = try app.get("/fleetio/api/v1/issues")
        let list = try app.get("/__admin/scenarios")
        #expect(list.status == 200)
        #expect(dig(list.json, "scenarios", 0, "name") as? String == "fail-all")
        #expect(dig(list.json, "scenarios", 0, "tenant") is NSNull)
        #expect(dig(list.json, "scenarios", 0, "rules", 0, "hits") as? Int == 2)
        #expect(dig(list.json, "scenarios", 0, "rules", 0, "respond", "error") as? String == "server_error")
    }

    @Test func aBadDocumentIs400NamingTheField() throws {
        let app = try TestApp()
        let r = try app.post("/__admin/scenarios", #"{"name":"x","rules":[{"match":{},"when":{"nth":"two"},"delay_ms":1}]}"#)
        #expect(r.status == 400)
        #expect(dig(r.json, "error") as? String == "rules[0].when.nth: expected a whole number ≥ 1")
    }

    @Test func anUnknownTenantIs400() throws {
        let app = try TestApp()
        let r = try app.post("/__admin/scenarios", #"{"name":"x","tenant":"nobody","rules":[{"match":{},"delay_ms":1}]}"#)
        #expect(r.status == 400)
        #expect(dig(r.json, "error") as? String == "tenant: no such tenant: nobody")
    }

    @Test func postingTheSameNameReplacesTheScenarioAndItsCounters() throws {
        let app = try TestApp()
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio"},"when":{"nth":1},"respond":{"error":"server_error"}}]}"#)
        #expect(try app.get("/fleetio/api/v1/issues").status == 500)
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio"},"when":{"nth":1},"respond":{"error":"bad_gateway"}}]}"#)
        #expect(try app.get("/fleetio/api/v1/issues").status == 502)
        #expect((dig(try app.get("/__admin/scenarios").json, "scenarios") as? [Any])?.count == 1)
    }

    @Test func deletingOneScenarioStopsIt() throws {
        let app = try TestApp()
        try app.addScenario(Self.failAll)
        #expect(try app.delete("/__admin/scenarios/fail-all").status == 204)
        #expect(try app.get("/fleetio/api/v1/issues").status == 401)
    }

    @Test func deletingAnUnknownScenarioIs404() throws {
        let app = try TestApp()
        #expect(try app.delete("/__admin/scenarios/nope").status == 404)
    }

    @Test func deletingAllScenariosStopsThemAll() throws {
        let app = try TestApp()
        try app.addScenario(Self.failAll)
        #expect(try app.delete("/__admin/scenarios").status == 204)
        #expect(dig(try app.get("/__admin/scenarios").json, "scenarios") as? [Any] != nil)
        #expect((dig(try app.get("/__admin/scenarios").json, "scenarios") as? [Any])?.isEmpty == true)
    }

    @Test func resetDropsAdminScenariosButKeepsThoseLoadedAtStart() throws {
        let atStart = try ScenarioParser.parse(try JSONParser.parse(Array(
            #"{"name":"from-file","rules":[{"match":{"api":"jifeline"},"respond":{"error":"unavailable"}}]}"#.utf8)))
        let app = try TestApp { $0.scenarios = [atStart] }
        try app.addScenario(Self.failAll)
        #expect(try app.post("/__admin/reset").status == 200)
        let names = (dig(try app.get("/__admin/scenarios").json, "scenarios") as? [[String: Any]])?.compactMap { $0["name"] as? String }
        #expect(names == ["from-file"])
        #expect(try app.get("/jifeline/v2/tickets").status == 503)
    }
}
