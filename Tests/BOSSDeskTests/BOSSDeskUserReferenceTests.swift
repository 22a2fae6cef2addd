import Foundation
import Testing
import TestSupport

/// Seed: a user is referenced by its `id`, never by its `friendly_id` (the two differ: `"id": 38923, "friendly_id": 28`).
/// Every request field that names a user takes the id; the friendly id of the same user is refused with Rails' 422.
@Suite struct BOSSDeskUserReferenceTests {
    /// The id and the friendly id of a seed user.
    static func ids(_ bd: BOSSDeskClient, _ username: String) throws -> (id: Int, friendly: Int) {
        let users = try #require(try bd.get("/users?per_page=30").json as? [[String: Any]])
        let u = try #require(users.first { $0["username"] as? String == username })
        let ids = (try #require(u["id"] as? Int), try #require(u["friendly_id"] as? Int))
        #expect(ids.0 != ids.1)
        return ids
    }

    @Test func aTicketsAgentIsFoundByIDAndRefusedByFriendlyID() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let agent = try Self.ids(bd, "barrycade")
        let byID = try bd.post("/tickets", #"{"ticket":{"title":"x","type_id":1,"priority_id":1,"agent_id":\#(agent.id)}}"#)
        #expect(byID.status == 201)
        #expect(dig(byID.json, "agent", "id") as? Int == agent.id)
        #expect(dig(byID.json, "agent", "friendly_id") as? Int == agent.friendly)
        let byFriendly = try bd.post("/tickets", #"{"ticket":{"title":"x","type_id":1,"priority_id":1,"agent_id":\#(agent.friendly)}}"#)
        #expect(byFriendly.status == 422)
        #expect(errors(byFriendly, "agent_id") == ["does not exist"])
    }

    @Test func aTicketsRequesterIsFoundByIDAndRefusedByFriendlyID() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let user = try Self.ids(bd, "aldente")
        let byID = try bd.post("/tickets", #"{"ticket":{"title":"x","type_id":1,"priority_id":1,"requester_id":\#(user.id)}}"#)
        #expect(byID.status == 201)
        #expect(dig(byID.json, "requester", "username") as? String == "aldente")
        let byFriendly = try bd.post("/tickets", #"{"ticket":{"title":"x","type_id":1,"priority_id":1,"requester_id":\#(user.friendly)}}"#)
        #expect(errors(byFriendly, "requester_id") == ["does not exist"])
    }

    @Test func aCIsUsersAreFoundByIDAndRefusedByFriendlyID() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let user = try Self.ids(bd, "aldente")
        let byID = try bd.post("/cis", #"{"ci":{"name":"TS-1","user_ids":[\#(user.id)]}}"#)
        #expect(byID.status == 201)
        #expect(dig(byID.json, "users", 0, "id") as? Int == user.id)
        let byFriendly = try bd.post("/cis", #"{"ci":{"name":"TS-2","user_ids":[\#(user.friendly)]}}"#)
        #expect(errors(byFriendly, "user_ids") == ["is invalid"])
    }

    @Test func aTasksAgentIsFoundByIDAndRefusedByFriendlyID() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let agent = try Self.ids(bd, "barrycade")
        let id = try bd.createTicket()
        let byID = try bd.post("/tickets/\(id)/tasks", #"{"task":{"title":"Call","type_id":1,"agent_id":\#(agent.id)}}"#)
        #expect(byID.status == 201)
        #expect(dig(byID.json, "agent", "id") as? Int == agent.id)
        let byFriendly = try bd.post("/tickets/\(id)/tasks", #"{"task":{"title":"Call","type_id":1,"agent_id":\#(agent.friendly)}}"#)
        #expect(errors(byFriendly, "agent_id") == ["does not exist"])
    }

    /// Seed: a time entry's `agent_id` "defaults to current user id".
    @Test func aTimeEntrysAgentDefaultsToTheSignedInUsersID() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let me = try Self.ids(bd, bd.credential("username"))
        let id = try bd.createTicket()
        let r = try bd.post("/tickets/\(id)/time_entries", #"{"time_entry":{"date":"31-12-2017","duration":5}}"#)
        #expect(r.status == 201, "\(r.text)")
        #expect(dig(r.json, "agent", "id") as? Int == me.id)
        let agent = try Self.ids(bd, "barrycade")
        let byFriendly = try bd.post("/tickets/\(id)/time_entries", #"{"time_entry":{"date":"31-12-2017","duration":5,"agent_id":\#(agent.friendly)}}"#)
        #expect(errors(byFriendly, "agent_id") == ["does not exist"])
    }

    /// A list filtered on a user column takes the user's id too.
    @Test func filteringOnAgentTakesTheUsersID() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let agent = try Self.ids(bd, "barrycade")
        let byID = friendlyIDs(try bd.get("/tickets?per_page=30&q%5Bagent_id_eq%5D=\(agent.id)"))
        #expect(!byID.isEmpty)
        #expect(friendlyIDs(try bd.get("/tickets?per_page=30&q%5Bagent_id_eq%5D=\(agent.friendly)")).isEmpty)
    }
}
