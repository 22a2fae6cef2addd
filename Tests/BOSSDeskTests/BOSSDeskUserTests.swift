import Foundation
import Testing
import TestSupport

/// Users: list, show, create, update; and the account.
@Suite struct BOSSDeskUserTests {
    @Test func aUserShowsLocationTagsGroupAndRoles() throws {
        let app = try TestApp()
        let u = try #require(try BOSSDeskClient(app).get("/users/1").json as? [String: Any])
        #expect(u["username"] as? String == "jackpot")
        #expect(dig(u, "location", "name") as? String == "Atlanta")
        #expect(dig(u, "group", "name") as? String == "IT")
        #expect((u["roles"] as? [Any])?.count == 2)
        #expect(u["permissions"] == nil)
        #expect(u["_search"] == nil)
    }

    @Test func theListShowsTheSummaryFields() throws {
        let app = try TestApp()
        let first = try #require((try BOSSDeskClient(app).get("/users").json as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["id", "friendly_id", "first_name", "last_name", "username", "email", "is_agent", "archived_at", "updated_at"])
    }

    @Test func createAnswers201WithTheUser() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).post("/users", #"{"user":{"username":"whilpert","email":"whilpert@example.com","first_name":"Westley","group_id":2,"tag_ids":[7]}}"#)
        #expect(r.status == 201)
        #expect(dig(r.json, "is_agent") as? Bool == false)
        #expect(dig(r.json, "group", "name") as? String == "Purchasing")
        #expect(dig(r.json, "time_zone") as? String == "Eastern Time (US & Canada)")
        #expect(dig(r.json, "friendly_id") as? Int == 11)
    }

    @Test(arguments: [
        (#"{"user":{"email":"a@example.com"}}"#, "username", "can't be blank"),
        (#"{"user":{"username":"jackpot"}}"#, "username", "has already been taken"),
        (#"{"user":{"username":"new1","email":"not-an-email"}}"#, "email", "is invalid"),
        (#"{"user":{"username":"new2","group_id":99}}"#, "group_id", "does not exist"),
        (#"{"user":{"username":"new3","tag_ids":[1]}}"#, "tag_ids", "is invalid"),
    ])
    func badUsersAre422(_ body: String, _ field: String, _ message: String) throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).post("/users", body)
        #expect(r.status == 422)
        #expect(errors(r, field) == [message])
    }

    @Test func updateIs204AndApplies() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        #expect(try bd.patch("/users/7", #"{"user":{"designation":"CFO","role_ids":[3]}}"#).status == 204)
        let u = try bd.get("/users/7")
        #expect(dig(u.json, "designation") as? String == "CFO")
        #expect(dig(u.json, "is_agent") as? Bool == true)
        #expect(dig(u.json, "roles", 0, "name") as? String == "Manager")
    }

    @Test func updateToAnotherUsersNameIs422() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).patch("/users/7", #"{"user":{"username":"aldente"}}"#)
        #expect(r.status == 422)
        #expect(errors(r, "username") == ["has already been taken"])
    }

    @Test func unknownUsersAre404() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        #expect(try bd.get("/users/999").status == 404)
        #expect(try bd.patch("/users/999", #"{"user":{"designation":"x"}}"#).status == 404)
    }

    @Test func theAccountMatchesTheSeedsShape() throws {
        let app = try TestApp()
        let a = try #require(try BOSSDeskClient(app).get("/account").json as? [String: Any])
        for key in ["name", "full_domain", "ci_barcode_type", "ci_barcode_method", "time_zone", "beginning_of_week",
                    "autoassign_ci_control_numbers", "ticket_comment_is_public_by_default", "default_helpdesk_priority_id",
                    "default_ticket_team_id", "currency"] {
            #expect(a[key] != nil, "missing \(key)")
        }
    }

    @Test func theTenantObjectListsTheSeededIDs() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        #expect((dig(bd.tenant, "fixtures", "bossdesk", "ticket_friendly_ids") as? [Int])?.count == 25)
        #expect((dig(bd.tenant, "fixtures", "bossdesk", "user_friendly_ids") as? [Int])?.count == 10)
    }
}
