import Foundation
import Testing
import TestSupport
import UnderstudyCore

/// What a dashboard reads through the public admin API: every tenant with its clock, a tenant's record counts per
/// API and kind, and the journal a page at a time backwards (`before_id`) and by status class (`status=4xx`).
@Suite struct AdminListingTests {
    private let fleetio = [("Authorization", "Token demo-fleetio-key"), ("Account-Token", "demo-fleetio-account")]

    private func requests(_ app: TestApp, _ query: String) throws -> [[String: Any]] {
        (dig(try app.get("/__admin/requests" + query).json, "requests") as? [[String: Any]]) ?? []
    }

    @Test func tenantsAreListedByIdWithTheirClocks() throws {
        let app = try TestApp()
        _ = try app.createTenant(#"{"id":"b-tenant"}"#)
        _ = try app.post("/__admin/tenants/b-tenant/clock", #"{"frozen":true}"#)
        let list = try #require(dig(try app.get("/__admin/tenants").json, "tenants") as? [[String: Any]])
        #expect(list.map { $0["id"] as? String } == ["b-tenant", "demo"])
        #expect(list[1]["demo"] as? Bool == true)
        #expect(dig(list[0], "clock", "frozen") as? Bool == true)
        #expect(dig(list[1], "clock", "frozen") as? Bool == false)
    }

    @Test func aTenantsRecordsAreCountedPerAPIAndKindAndFollowSeeding() throws {
        let app = try TestApp()
        let before = try #require(try app.get("/__admin/tenants/demo/records").json as? [String: [String: Int]])
        #expect(before["bossdesk"]?["tickets"] == 25)
        #expect(before["jifeline"]?.keys.sorted() == ["notes", "tickets"])
        _ = try app.post("/__admin/tenants/demo/records", #"{"api":"bossdesk","kind":"teams","records":[{"name":"A"},{"name":"B"}]}"#)
        let after = try #require(try app.get("/__admin/tenants/demo/records").json as? [String: [String: Int]])
        #expect(after["bossdesk"]?["teams"] == (before["bossdesk"]?["teams"] ?? 0) + 2)
        #expect(try app.get("/__admin/tenants/nobody/records").status == 404)
    }

    @Test func theJournalPagesBackwardsBeforeAnId() throws {
        let app = try TestApp()
        for i in 0..<5 { _ = try app.get("/fleetio/api/v1/issues?n=\(i)", headers: fleetio) }
        let newest = try requests(app, "?limit=2")
        #expect(newest.map { $0["query"] as? String } == ["n=3", "n=4"])
        let oldest = try #require(newest.first?["id"] as? Int)
        let before = try requests(app, "?limit=2&before_id=\(oldest)")
        #expect(before.map { $0["query"] as? String } == ["n=1", "n=2"])
        #expect(try app.get("/__admin/requests?before_id=x").status == 400)
    }

    @Test func theJournalFiltersByStatusClass() throws {
        let app = try TestApp()
        _ = try app.get("/fleetio/api/v1/issues", headers: fleetio)
        _ = try app.get("/fleetio/api/v1/issues/999999", headers: fleetio)
        _ = try app.get("/fleetio/api/v1/issues")
        #expect(try requests(app, "?status=4xx").map { $0["status"] as? Int } == [404, 401])
        #expect(try requests(app, "?status=2xx").count == 1)
        #expect(try app.get("/__admin/requests?status=9xx").status == 400)
    }
}
