import Foundation
import Testing
import TestSupport

/// `/my/tickets`: the end user's own tickets only.
@Suite struct BOSSDeskMyTicketTests {
    @Test func theListHoldsOnlyTicketsTheUserRequested() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).as("end_user").get("/my/tickets")
        #expect(r.status == 200)
        #expect(friendlyIDs(r) == [1, 7, 13, 19, 25])
        #expect(r.header("Total") == "5")
    }

    @Test func theListSearches() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).as("end_user").get("/my/tickets?q%5Bstatus_eq%5D=incoming")
        #expect(friendlyIDs(r) == [1, 13, 25])
    }

    @Test func anotherUsersTicketIs404() throws {
        let app = try TestApp()
        #expect(try BOSSDeskClient(app).as("end_user").get("/my/tickets/3").status == 404)
    }

    @Test func showHidesPrivateCommentsAndStaffUsernames() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        _ = try bd.post("/tickets/7/comments", #"{"comment":{"body":"internal note","is_public":false}}"#)
        let t = try #require(try bd.as("end_user").get("/my/tickets/7").json as? [String: Any])
        let bodies = (t["comments"] as? [[String: Any]] ?? []).compactMap { $0["body"] as? String }
        #expect(!bodies.contains("internal note"))
        #expect(dig(t, "agent", "username") == nil)
        #expect(dig(t, "agent", "first_name") as? String == "Barry")
        #expect(t["tasks"] == nil && t["time_entries"] == nil)
    }

    @Test func anEndUserCreatesATicketWithTitleAndType() throws {
        let app = try TestApp()
        let me = try BOSSDeskClient(app).as("end_user")
        let r = try me.post("/my/tickets", #"{"ticket":{"title":"How do I turn on my computer mouse?","description":"<p>Like the title says...</p>","type_id":4,"priority_id":4}}"#)
        #expect(r.status == 201)
        let id = try #require(dig(r.json, "friendly_id") as? Int)
        #expect(friendlyIDs(try me.get("/my/tickets?per_page=30")).contains(id))
        let seenByStaff = try me.as("agent").ticket(id)
        #expect(dig(seenByStaff, "requester", "username") as? String == "aldente")
        #expect(dig(seenByStaff, "priority", "id") as? Int == 2)  // the account's default, not the body's
        #expect(seenByStaff["source"] as? String == "user_portal")
    }

    @Test func anEndUsersTicketNeedsTitleAndType() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).as("end_user").post("/my/tickets", #"{"ticket":{"description":"?"}}"#)
        #expect(r.status == 422)
        #expect(errors(r, "title") == ["can't be blank"])
        #expect(errors(r, "type_id") == ["can't be blank"])
        #expect(errors(r, "priority_id") == nil)
    }

    @Test func aCommentNeedsABody() throws {
        let app = try TestApp()
        let me = try BOSSDeskClient(app).as("end_user")
        let bad = try me.post("/my/tickets/7/comments", #"{"comment":{"body":""}}"#)
        #expect(bad.status == 422)
        #expect(errors(bad, "body") == ["can't be blank"])
        let good = try me.post("/my/tickets/7/comments", #"{"comment":{"body":"<p>Any news?</p>"}}"#)
        #expect(good.status == 201)
        #expect(dig(good.json, "created_by", "first_name") as? String == "Al")
    }

    @Test func reopenWorksOnlyOnAClosedTicket() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let me = bd.as("end_user")
        #expect(try me.patch("/my/tickets/7/reopen", "{}").status == 422)
        #expect(try bd.patch("/tickets/7/close", "{}").status == 200)
        let r = try me.patch("/my/tickets/7/reopen", "{}")
        #expect(r.status == 200)
        #expect(dig(r.json, "status") as? String != "closed")
    }
}
