import Foundation
import Testing
import TestSupport
import UnderstudyCore

@Suite struct AdminJournalTests {
    private func requests(_ app: TestApp, _ query: String = "") throws -> [[String: Any]] {
        (dig(try app.get("/__admin/requests" + query).json, "requests") as? [[String: Any]]) ?? []
    }

    @Test func apiRequestIsJournaledWithEveryField() throws {
        let app = try TestApp()
        _ = try app.request("POST", "/fleetio/api/v1/nothing?x=1", headers: [("Authorization", "Token demo-fleetio-key"), ("Account-Token", "demo-fleetio-account")], body: #"{"a":1}"#)
        let e = try #require(try requests(app).first)
        #expect(e["api"] as? String == "fleetio")
        #expect(e["tenant"] as? String == "demo")
        #expect(e["method"] as? String == "POST")
        #expect(e["path"] as? String == "/api/v1/nothing")
        #expect(e["query"] as? String == "x=1")
        #expect(dig(e, "request_headers", "authorization") as? String == "Token ****-key")
        #expect(e["request_body"] as? String == #"{"a":1}"#)
        #expect(e["status"] as? Int == 404)
        #expect(dig(e, "response_headers", "content-type") as? String == "application/json; charset=utf-8")
        #expect((e["response_body"] as? String)?.contains("Not Found") == true)
        #expect(e["duration_ms"] is Double || e["duration_ms"] is Int)
        #expect(e["scenario"] is NSNull)
        #expect(e["id"] is Int)
        #expect((e["at"] as? String).flatMap(ISO8601.parse) != nil)
    }

    @Test func adminRequestsAreNotJournaled() throws {
        let app = try TestApp()
        _ = try app.get("/__admin/health")
        #expect(try requests(app).isEmpty)
    }

    @Test func journalFiltersByAPIMethodStatusAndPathPattern() throws {
        let app = try TestApp()
        _ = try app.get("/fleetio/api/v1/issues/1")
        _ = try app.get("/fleetio/api/v1/faults")
        _ = try app.post("/jifeline/v2/tickets/nothing", "{}")
        #expect(try requests(app, "?api=fleetio").count == 2)
        #expect(try requests(app, "?method=POST").count == 1)
        #expect(try requests(app, "?status=401").count == 2)  // Fleetio without credentials
        #expect(try requests(app, "?status=404").count == 1)  // no such Jifeline route
        #expect(try requests(app, "?path=/api/v1/issues/:id").count == 1)
        #expect(try requests(app, "?path=/api/v1/*").count == 2)
    }

    @Test func journalFiltersByTenant() throws {
        let app = try TestApp()
        let o = try app.createTenant()
        let id = try #require(dig(o, "id") as? String)
        let auth = try #require(dig(o, "stackone", "headers", "Authorization") as? String)
        _ = try app.get("/stackone/unified/ticketing/tickets", headers: [("Authorization", auth)])
        _ = try app.get("/stackone/unified/ticketing/tickets")
        let mine = try requests(app, "?tenant=\(id)")
        #expect(mine.count == 1)
        #expect(mine.first?["tenant"] as? String == id)
    }

    @Test func limitKeepsTheNewestOldestFirst() throws {
        let app = try TestApp()
        for i in 1...4 { _ = try app.get("/jifeline/v2/n\(i)") }
        let last2 = try requests(app, "?limit=2")
        #expect(last2.map { $0["path"] as? String } == ["/v2/n3", "/v2/n4"])
    }

    @Test func journalDropsTheOldestPastItsLimit() throws {
        let app = try TestApp { $0.journalLimit = 3 }
        for i in 1...5 { _ = try app.get("/bossdesk/api/v1/r\(i)") }
        #expect(try requests(app).map { $0["path"] as? String } == ["/api/v1/r3", "/api/v1/r4", "/api/v1/r5"])
    }

    @Test func deletingTheJournalEmptiesIt() throws {
        let app = try TestApp()
        _ = try app.get("/fleetio/api/v1/x")
        #expect(try app.delete("/__admin/requests").status == 204)
        #expect(try requests(app).isEmpty)
    }

    @Test(arguments: ["?status=abc", "?limit=-1", "?status=1000"])
    func badJournalFiltersAreRejected(_ query: String) throws {
        let app = try TestApp()
        #expect(try app.get("/__admin/requests" + query).status == 400)
    }
}
