import Foundation
import Testing
import TestSupport
import UnderstudyCore

/// The simulated clocks stay within 1970-01-01 ... 9999-12-31: a change that would leave that range is a 400 naming the
/// field, and the clock is unchanged.
@Suite struct ClockRangeTests {
    static let outside: [(String, String)] = [
        (#"{"advance_s":1e19}"#, "advance_s"),
        (#"{"advance_s":-1e18}"#, "advance_s"),
        (#"{"advance_s":300000000000}"#, "advance_s"),
        (#"{"now":"0000-01-01T00:00:00Z"}"#, "now"),
        (#"{"now":"1969-12-31T23:59:59Z"}"#, "now"),
    ]

    @Test(arguments: outside)
    func aGlobalClockChangeOutsideTheRangeIs400AndChangesNothing(_ body: String, _ field: String) throws {
        let app = try TestApp()
        #expect(try app.post("/__admin/clock", #"{"now":"2026-01-31T12:00:00Z","frozen":true}"#).status == 200)
        let r = try app.post("/__admin/clock", body)
        #expect(r.status == 400)
        #expect((dig(r.json, "error") as? String)?.hasPrefix(field) == true, "\(r.text)")
        #expect(dig(try app.get("/__admin/clock").json, "now") as? String == "2026-01-31T12:00:00.000Z")
    }

    @Test(arguments: outside)
    func aTenantClockChangeOutsideTheRangeIs400AndChangesNothing(_ body: String, _ field: String) throws {
        let app = try TestApp()
        let id = try app.newTenantID()
        #expect(try app.post("/__admin/clock", #"{"now":"2026-01-31T12:00:00Z","frozen":true}"#).status == 200)
        let r = try app.post("/__admin/tenants/\(id)/clock", body)
        #expect(r.status == 400)
        #expect((dig(r.json, "error") as? String)?.hasPrefix(field) == true, "\(r.text)")
        #expect(dig(try app.get("/__admin/tenants/\(id)/clock").json, "now") as? String == "2026-01-31T12:00:00.000Z")
    }

    @Test func theLastInstantOfYear9999IsAccepted() throws {
        let app = try TestApp()
        let r = try app.post("/__admin/clock", #"{"now":"9999-12-31T23:59:59Z","frozen":true}"#)
        #expect(r.status == 200)
        #expect(dig(r.json, "now") as? String == "9999-12-31T23:59:59.000Z")
    }

    /// A tenant far ahead, then the global clock moved on: the tenant's clock stops at the range's end rather than
    /// writing a five-digit year, and records created then still carry a valid timestamp.
    @Test func aTenantPushedPastTheEndByTheGlobalClockStaysAtTheEnd() throws {
        let app = try TestApp()
        let o = try app.createTenant()
        let id = try #require(o["id"] as? String)
        #expect(try app.post("/__admin/clock", #"{"now":"2026-01-01T00:00:00Z","frozen":true}"#).status == 200)
        #expect(try app.post("/__admin/tenants/\(id)/clock", #"{"now":"9999-12-31T00:00:00Z"}"#).status == 200)
        #expect(try app.post("/__admin/clock", #"{"advance_s":31536000}"#).status == 200)
        let now = try #require(dig(try app.get("/__admin/tenants/\(id)/clock").json, "now") as? String)
        #expect(now.hasPrefix("9999-12-31T23:59:59."), "\(now)")
        let auth = try #require(dig(o, "stackone", "headers", "Authorization") as? String)
        let account = try #require(dig(o, "stackone", "headers", "x-account-id") as? String)
        let created = try app.post("/stackone/unified/ticketing/tickets", #"{"title":"late","creator_id":"user-005"}"#,
                                   headers: [("Authorization", auth), ("x-account-id", account)])
        #expect(created.status == 201)
        #expect(try app.get("/__admin/health").status == 200)
    }

    @Test func isoFormattingOfAnyDoubleNeverTraps() {
        for t in [Double.nan, .infinity, -.infinity, 1e19, -1e19, Double(Int.max), -Double(Int.max)] {
            #expect(ISO8601.format(t, fractionDigits: 3).count >= 24)
        }
        #expect(ISO8601.format(1e19) == "9999-12-31T23:59:59Z")
        #expect(ISO8601.format(-1e19) == "0000-01-01T00:00:00Z")
    }
}
