import Foundation
import Storage
import Testing
import TestSupport

/// A tenant whose database cannot grow (SQLite's `max_page_count`: SQLITE_FULL, as a full disk gives) answers the
/// vendor's own 5xx, keeps no half-written state, and writes again as soon as there is room; reset works throughout.
@Suite struct DiskFullTests {
    /// Caps the tenant's database at its current size (or lifts the cap).
    static func full(_ app: TestApp, _ id: String, _ isFull: Bool) throws {
        try app.tenant(id).withDatabase { db in
            let pages = try db.scalar("PRAGMA page_count").int ?? 0
            _ = try db.scalar("PRAGMA max_page_count = \(isFull ? pages : 1_073_741_823)")
        }
    }

    static func stackOne(_ o: [String: Any]) throws -> [(String, String)] {
        [("Authorization", try #require(dig(o, "stackone", "headers", "Authorization") as? String)),
         ("x-account-id", try #require(dig(o, "stackone", "headers", "x-account-id") as? String))]
    }

    static let ticket = #"{"title":"\#(String(repeating: "x", count: 250))","creator_id":"user-005"}"#

    /// Creates until the first refusal (a database capped at its size still has free room in its pages); the cap
    /// makes a test that never fills fail here rather than loop.
    static func fill(_ app: TestApp, _ h: [(String, String)]) throws -> WireResponse? {
        for _ in 0..<2_000 {
            let r = try app.post("/stackone/unified/ticketing/tickets", ticket, headers: h)
            if r.status != 201 { return r }
        }
        return nil
    }

    @Test func writesFailWithTheVendors5xxWhileFullAndSucceedOnceThereIsRoom() throws {
        let app = try TestApp()
        let o = try app.createTenant()
        let id = try #require(o["id"] as? String)
        let h = try Self.stackOne(o)
        try Self.full(app, id, true)
        let refused = try #require(try Self.fill(app, h), "2,000 creates fitted in a full database")
        #expect(refused.status == 500)
        #expect(dig(refused.json, "statusCode") as? Int == 500)
        #expect(try app.post("/stackone/unified/ticketing/tickets", Self.ticket, headers: h).status == 500)
        try app.tenant(id).withDatabase { db in #expect(!db.inTransaction) }
        try Self.full(app, id, false)
        let r = try app.post("/stackone/unified/ticketing/tickets", Self.ticket, headers: h)
        #expect(r.status == 201)
        let ticket = try #require(dig(r.json, "data", "id") as? String)
        #expect(try app.get("/stackone/unified/ticketing/tickets/\(ticket)", headers: h).status == 200)
    }

    @Test func aFailedCreateLeavesNoTrace() throws {
        let app = try TestApp()
        let o = try app.createTenant()
        let id = try #require(o["id"] as? String)
        let h = try Self.stackOne(o)
        try Self.full(app, id, true)
        _ = try #require(try Self.fill(app, h))
        let count = { try app.tenant(id).withDatabase { try $0.scalar("SELECT count(*) FROM stackone_records WHERE kind = 'ticket'").int } }
        let before = try count()
        #expect(try app.post("/stackone/unified/ticketing/tickets", Self.ticket, headers: h).status == 500)
        try Self.full(app, id, false)
        #expect(try count() == before)
    }

    @Test func resetWorksWhileFullAndAfter() throws {
        let app = try TestApp()
        let id = try app.newTenantID()
        try Self.full(app, id, true)
        let r = try app.post("/__admin/tenants/\(id)/reset")
        #expect(r.status == 200, "\(r.text)")
        #expect(try app.post("/__admin/tenants/\(id)/reset").status == 200)
        try app.tenant(id).withDatabase { db in #expect(!db.inTransaction) }
    }
}

/// `Database.transaction` after a failed COMMIT: the transaction is ended and the depth is back at zero, so the next
/// transaction starts afresh (before, the depth went down twice and the next one took a savepoint named `sp-1`).
@Suite struct FailedCommitTests {
    @Test func aFailedCommitLeavesTheConnectionOutsideAnyTransaction() throws {
        let dir = NSTemporaryDirectory() + "understudy-commit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = try Database(.file("\(dir)/t.sqlite"))
        try db.execute("CREATE TABLE t (v TEXT)")
        // A deferred foreign key fails only at COMMIT.
        try db.execute("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)")
        #expect(throws: SQLiteError.self) { try db.transaction { try db.run("INSERT INTO c (p) VALUES (42)") } }
        #expect(!db.inTransaction)
        try db.transaction { try db.run("INSERT INTO t (v) VALUES ('after')") }
        #expect(try db.scalar("SELECT count(*) FROM t").int == 1)
        #expect(try db.scalar("SELECT count(*) FROM c").int == 0)
    }
}
