import Foundation
import Testing
import TestSupport

/// Shapes and rules read from the seed's examples: saved searches run with the searched list's permissions, a CI's
/// users carry their group, a saved CI search lists `alias`, a blank time zone is the account's, and custom fields
/// belong only to the owner classes the seed names.
@Suite struct BOSSDeskSeedShapeTests {
    /// Seed searches 1 and 2 search CIs, 3 and 4 tickets.
    @Test(arguments: [1, 3])
    func aSavedSearchNeedsTheSearchedListsIndexPermission(_ search: Int) throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        #expect(try bd.get("/searches/\(search)").status == 200)
        let limited = try bd.as("restricted_agent").get("/searches/\(search)")
        #expect(limited.status == 403)
        #expect(try bd.as("restricted_agent").get(search == 1 ? "/cis" : "/tickets").status == 403)
    }

    @Test func aSavedCISearchNeedsTheCMDBOnThePlan() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try #require(bd.tenant["id"] as? String)
        #expect(try app.request("PATCH", "/__admin/tenants/\(id)/settings/bossdesk", body: #"{"plan":{"cmdb_access":false}}"#).status == 200)
        #expect(try bd.get("/searches/1").status == 402)
        #expect(try bd.get("/searches/3").status == 200)
    }

    @Test func aSavedCISearchListsAliasNotDescription() throws {
        let app = try TestApp()
        let items = try #require(try BOSSDeskClient(app).get("/searches/1").json as? [[String: Any]])
        let item = try #require(items.first)
        #expect(Set(item.keys) == ["id", "friendly_id", "name", "alias", "online", "updated_at", "inventory", "type", "status"])
    }

    @Test func theUsersOfACICarryTheirGroup() throws {
        let app = try TestApp()
        let users = try #require(dig(try BOSSDeskClient(app).get("/cis/2").json, "users") as? [[String: Any]])
        let user = try #require(users.first)
        #expect(user["username"] as? String == "aldente")
        #expect(dig(user, "group", "name") is String)
        #expect(Set(user.keys) == ["id", "friendly_id", "first_name", "last_name", "email", "domain_name", "username", "group", "roles"])
    }

    @Test func aUserCreatedWithABlankTimeZoneGetsTheAccounts() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let zone = try #require(dig(try bd.get("/account").json, "time_zone") as? String)
        let r = try bd.post("/users", #"{"user":{"username":"whilpert","email":"whilpert@example.com","first_name":"Westley","time_zone":""}}"#)
        #expect(r.status == 201, "\(r.text)")
        #expect(dig(r.json, "time_zone") as? String == zone)
        let own = try bd.post("/users", #"{"user":{"username":"zoned","time_zone":"Pacific Time (US & Canada)"}}"#)
        #expect(dig(own.json, "time_zone") as? String == "Pacific Time (US & Canada)")
    }

    @Test func aUserUpdatedWithABlankTimeZoneGetsTheAccounts() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let zone = try #require(dig(try bd.get("/account").json, "time_zone") as? String)
        #expect(try bd.patch("/users/2", #"{"user":{"time_zone":"Pacific Time (US & Canada)"}}"#).status == 204)
        #expect(try bd.patch("/users/2", #"{"user":{"time_zone":""}}"#).status == 204)
        #expect(dig(try bd.get("/users/2").json, "time_zone") as? String == zone)
    }

    /// Custom fields belong to ci, ticket, problem, change or release (`user` is a tag owner class, not a field's).
    @Test func customFieldsUseOnlyTheSeedsOwnerClasses() throws {
        let app = try TestApp()
        let fields = try #require(try BOSSDeskClient(app).get("/custom_fields").json as? [[String: Any]])
        #expect(!fields.isEmpty)
        for f in fields { #expect(["ci", "ticket", "problem", "change", "release"].contains(f["owner_class"] as? String ?? "")) }
    }
}
