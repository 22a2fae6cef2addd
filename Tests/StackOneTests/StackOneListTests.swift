import Foundation
import Testing
import TestSupport

/// Lists: page sizes, opaque cursors, filters, `fields` and `raw`.
@Suite struct StackOneListTests {
    @Test func aListIsNextAndData() throws {
        let app = try TestApp()
        let r = try StackOneClient(app).get("/tickets")
        #expect(r.status == 200)
        let o = try #require(r.json as? [String: Any])
        #expect(Set(o.keys) == ["next", "data"])
        #expect((o["data"] as? [Any])?.count == 20)
        #expect(o["next"] is NSNull)
    }

    @Test func theDefaultPageIs25() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        for _ in 0..<6 { _ = try so.createTicket() }
        let r = try so.get("/tickets")
        #expect((dig(r.json, "data") as? [Any])?.count == 25)
        #expect(dig(r.json, "next") is String)
    }

    @Test(arguments: ["0", "101", "ten", "-1"])
    func pageSizeOutsideOneToAHundredIs400(_ size: String) throws {
        let app = try TestApp()
        let r = try StackOneClient(app).get("/tickets?page_size=\(size)")
        #expect(r.status == 400)
        #expect(message(r) == "page_size must be an integer from 1 to 100")
    }

    @Test func followingNextVisitsEveryTicketOnce() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        let created = try (0..<3).map { _ in try so.createTicket() }
        let ids = try so.all("/tickets", pageSize: 7).compactMap { $0["id"] as? String }
        #expect(ids.count == 23)
        #expect(Set(ids).count == 23)
        #expect(Set(created).isSubset(of: Set(ids)))
    }

    @Test func theDeprecatedPageParameterTakesACursor() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        let first = try so.get("/tickets?page_size=5")
        let cursor = try #require(dig(first.json, "next") as? String)
        let second = try so.get("/tickets?page_size=5&page=\(cursor)")
        #expect(dig(second.json, "data", 0, "id") as? String == "ticket-006")
    }

    @Test func aTamperedCursorIs400() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        let cursor = try #require(dig(try so.get("/tickets?page_size=5").json, "next") as? String)
        var bytes = Array(cursor)
        bytes[2] = bytes[2] == "A" ? "B" : "A"
        let r = try so.get("/tickets?page_size=5&next=\(String(bytes))")
        #expect(r.status == 400)
        #expect(message(r) == "next must be a cursor returned by this list")
    }

    @Test func aCursorFromAnotherListIs400() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        let cursor = try #require(dig(try so.get("/users?page_size=2").json, "next") as? String)
        #expect(try so.get("/tickets?next=\(cursor)").status == 400)
    }

    @Test func aCursorFromAnotherTenantIs400() throws {
        let app = try TestApp()
        let a = try StackOneClient(app), b = try StackOneClient(app)
        let cursor = try #require(dig(try a.get("/tickets?page_size=5").json, "next") as? String)
        #expect(try b.get("/tickets?next=\(cursor)").status == 400)
    }

    @Test func updatedAfterKeepsLaterChangesOnly() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        let r = try so.get("/tickets?page_size=100&filter%5Bupdated_after%5D=2026-10-20T00:00:00Z")
        let stamps = (dig(r.json, "data") as? [[String: Any]] ?? []).compactMap { $0["updated_at"] as? String }
        #expect(!stamps.isEmpty && stamps.count < 20)
        #expect(stamps.allSatisfy { $0 > "2026-10-20T00:00:00.000Z" })
    }

    @Test func theDeprecatedUpdatedAfterStillFilters() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        let new = try so.get("/tickets?page_size=100&filter%5Bupdated_after%5D=2026-10-20T00:00:00Z")
        let old = try so.get("/tickets?page_size=100&updated_after=2026-10-20T00:00:00Z")
        #expect(new.text == old.text)
    }

    @Test func aBadUpdatedAfterIs400() throws {
        let app = try TestApp()
        let r = try StackOneClient(app).get("/tickets?filter%5Bupdated_after%5D=yesterday")
        #expect(r.status == 400)
        #expect(message(r) == "filter.updated_after must be a valid ISO 8601 date-time")
    }

    @Test func fieldsKeepsOnlyTheNamedFields() throws {
        let app = try TestApp()
        let r = try StackOneClient(app).get("/tickets?page_size=2&fields=id,title")
        let items = try #require(dig(r.json, "data") as? [[String: Any]])
        #expect(items.allSatisfy { Set($0.keys) == ["id", "title"] })
    }

    @Test func rawAddsTheProviderCall() throws {
        let app = try TestApp()
        let r = try StackOneClient(app).get("/users/user-001?raw=true")
        let raw = try #require(dig(r.json, "raw", 0) as? [String: Any])
        #expect(raw["method"] as? String == "GET")
        #expect((raw["url"] as? String)?.hasPrefix("https://") == true)
        #expect(dig(raw, "response", "id") as? String == "user-001")
    }

    @Test func everyTimestampCarriesAnOffset() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        _ = try so.createTicket()
        var stamps: [String] = []
        func collect(_ v: Any?, _ key: String = "") {
            if let o = v as? [String: Any] { for (k, x) in o { collect(x, k) } }
            else if let a = v as? [Any] { a.forEach { collect($0, key) } }
            else if let s = v as? String, key.hasSuffix("_at") || key == "timestamp" { stamps.append(s) }
        }
        for path in ["/tickets?page_size=100", "/users", "/collections", "/projects", "/tickets/ticket-003/comments", "/tickets/ticket-001/attachments"] {
            collect(try so.get(path).json)
        }
        #expect(stamps.count > 50)
        #expect(stamps.allSatisfy { $0.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$"#, options: .regularExpression) != nil })
    }
}
