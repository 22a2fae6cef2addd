import Foundation
import Testing
import TestSupport

/// The ticket status rules of the seed's tickets section that an end user and an agent both meet: a reopened ticket
/// is `assigned` when it has an agent and `open` when it has none; closing then assigning keeps it closed.
@Suite struct BOSSDeskStatusRuleTests {
    /// Seed ticket 4 is closed with an agent; seed ticket 1 has no agent.
    @Test func reopeningAClosedTicketWithAnAgentGivesAssigned() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        #expect(try bd.ticket(4)["status"] as? String == "closed")
        let r = try bd.patch("/tickets/4/reopen", "{}")
        #expect(r.status == 200)
        #expect(dig(r.json, "status") as? String == "assigned")
        #expect(dig(r.json, "closed_at") is NSNull)
    }

    @Test func reopeningAClosedTicketWithoutAnAgentGivesOpen() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        #expect(try bd.patch("/tickets/1/close", "{}").status == 200)
        let r = try bd.patch("/tickets/1/reopen", "{}")
        #expect(dig(r.json, "status") as? String == "open")
        #expect(dig(r.json, "closed_at") is NSNull)
    }

    /// The end user's own reopen follows the same rule (seed ticket 7: the end user's, with an agent; 13: without).
    @Test(arguments: [(7, "assigned"), (13, "open")])
    func anEndUsersReopenFollowsTheSameRule(_ id: Int, _ status: String) throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        #expect(try bd.patch("/tickets/\(id)/close", "{}").status == 200)
        let r = try bd.as("end_user").patch("/my/tickets/\(id)/reopen", "{}")
        #expect(r.status == 200)
        #expect(dig(r.json, "status") as? String == status)
        #expect(dig(r.json, "closed_at") is NSNull)
        #expect(try bd.ticket(id)["status"] as? String == status)
    }

    /// Assigning an agent to a closed ticket answers 204, sets the agent, and leaves the ticket closed.
    @Test func settingAnAgentOnAClosedTicketKeepsItClosed() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let before = try bd.ticket(4)
        #expect(before["status"] as? String == "closed")
        // The agent of seed ticket 2, referenced by its id.
        let agent = try #require(dig(try bd.ticket(2), "agent", "id") as? Int)
        #expect(agent != dig(before, "agent", "id") as? Int)
        let r = try bd.patch("/tickets/4", #"{"ticket":{"agent_id":\#(agent),"lock_version":\#(before["lock_version"] as? Int ?? 0)}}"#)
        #expect(r.status == 204, "\(r.text)")
        let after = try bd.ticket(4)
        #expect(after["status"] as? String == "closed")
        #expect(dig(after, "agent", "id") as? Int == agent)
        #expect(after["closed_at"] is String)
    }
}
