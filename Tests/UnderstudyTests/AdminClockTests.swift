import Foundation
import Testing
import TestSupport
import UnderstudyCore

@Suite struct AdminClockTests {
    private func seconds(_ r: WireResponse) -> Double? {
        (dig(r.json, "now") as? String).flatMap(ISO8601.parse)
    }

    @Test func globalClockStartsAtRealTime() throws {
        let app = try TestApp()
        let r = try app.get("/__admin/clock")
        #expect(r.status == 200)
        #expect(dig(r.json, "frozen") as? Bool == false)
        #expect(abs((dig(r.json, "offset_s") as? Double) ?? 99) < 1)
        #expect((dig(r.json, "now") as? String)?.hasSuffix("Z") == true)
    }

    @Test func advanceMovesTheGlobalClock() throws {
        let app = try TestApp()
        let r = try app.post("/__admin/clock", #"{"advance_s":3600}"#)
        #expect(r.status == 200)
        #expect(abs(((dig(r.json, "offset_s") as? Double) ?? 0) - 3600) < 1)
    }

    @Test func settingNowMovesTheClockThere() throws {
        let app = try TestApp()
        let r = try app.post("/__admin/clock", #"{"now":"2030-01-02T03:04:05Z"}"#)
        let now = try #require(seconds(r))
        #expect(abs(now - ISO8601.parse("2030-01-02T03:04:05Z")!) < 1)
    }

    @Test func frozenClockStandsStill() throws {
        let app = try TestApp()
        let first = try app.post("/__admin/clock", #"{"now":"2030-01-02T03:04:05Z","frozen":true}"#)
        usleep(20_000)
        let second = try app.get("/__admin/clock")
        #expect(dig(second.json, "frozen") as? Bool == true)
        #expect(dig(first.json, "now") as? String == "2030-01-02T03:04:05.000Z")
        #expect(dig(second.json, "now") as? String == "2030-01-02T03:04:05.000Z")
    }

    @Test func advancingAFrozenClockMovesItExactly() throws {
        let app = try TestApp()
        _ = try app.post("/__admin/clock", #"{"now":"2030-01-02T03:04:05Z","frozen":true}"#)
        let r = try app.post("/__admin/clock", #"{"advance_s":61}"#)
        #expect(dig(r.json, "now") as? String == "2030-01-02T03:05:06.000Z")
    }

    @Test func deletingTheClockGoesBackToRealTime() throws {
        let app = try TestApp()
        _ = try app.post("/__admin/clock", #"{"advance_s":86400,"frozen":true}"#)
        let r = try app.delete("/__admin/clock")
        #expect(dig(r.json, "frozen") as? Bool == false)
        #expect(abs((dig(r.json, "offset_s") as? Double) ?? 99) < 1)
    }

    @Test(arguments: [#"{"advance_s":"soon"}"#, #"{"now":"yesterday"}"#, #"{"frozen":"yes"}"#, #"{}"#, #"{"speed":2}"#, #"[1]"#])
    func invalidClockChangesAreRejected(_ body: String) throws {
        let app = try TestApp()
        let r = try app.post("/__admin/clock", body)
        #expect(r.status == 400)
        #expect(dig(r.json, "error") is String)
    }

    @Test func tenantClockAddsToTheGlobalOne() throws {
        let app = try TestApp()
        let id = try app.newTenantID()
        _ = try app.post("/__admin/clock", #"{"now":"2030-01-01T00:00:00Z","frozen":true}"#)
        let r = try app.post("/__admin/tenants/\(id)/clock", #"{"advance_s":120}"#)
        #expect(r.status == 200)
        #expect(dig(r.json, "now") as? String == "2030-01-01T00:02:00.000Z")
        #expect(abs(((dig(r.json, "offset_s") as? Double) ?? 0) - 120) < 0.01)
        _ = try app.post("/__admin/clock", #"{"advance_s":60}"#)
        #expect(dig(try app.get("/__admin/tenants/\(id)/clock").json, "now") as? String == "2030-01-01T00:03:00.000Z")
    }

    @Test func tenantClockDoesNotMoveOtherTenants() throws {
        let app = try TestApp()
        let a = try app.newTenantID()
        let b = try app.newTenantID()
        _ = try app.post("/__admin/tenants/\(a)/clock", #"{"advance_s":9999}"#)
        #expect(abs((dig(try app.get("/__admin/tenants/\(b)/clock").json, "offset_s") as? Double) ?? 99) < 1)
    }

    @Test func tenantClockDeleteFollowsTheGlobalClockAgain() throws {
        let app = try TestApp()
        let id = try app.newTenantID()
        _ = try app.post("/__admin/tenants/\(id)/clock", #"{"advance_s":500,"frozen":true}"#)
        let r = try app.delete("/__admin/tenants/\(id)/clock")
        #expect(dig(r.json, "frozen") as? Bool == false)
        #expect(abs((dig(r.json, "offset_s") as? Double) ?? 99) < 1)
    }

    @Test func unknownTenantClockIs404() throws {
        let app = try TestApp()
        #expect(try app.get("/__admin/tenants/ghost/clock").status == 404)
    }

    @Test func startingFrozenFixesTheDateHeader() throws {
        let app = try TestApp { $0.startAt = ISO8601.parse("2031-05-06T07:08:09Z") }
        let r = try app.get("/__admin/health")
        #expect(r.header("Date") == "Tue, 06 May 2031 07:08:09 GMT")
        #expect(dig(try app.get("/__admin/clock").json, "now") as? String == "2031-05-06T07:08:09.000Z")
    }
}
