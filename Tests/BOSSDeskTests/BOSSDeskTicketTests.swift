import Foundation
import Testing
import TestSupport

/// Tickets: show, create, update with lock_version, comments, close and reopen.
@Suite struct BOSSDeskTicketTests {
    @Test func showHasEveryPartOfTheSeedsTicket() throws {
        let app = try TestApp()
        let t = try BOSSDeskClient(app).ticket(3)
        for key in ["id", "friendly_id", "title", "description", "status", "source", "custom_fields", "created_at", "updated_at", "due_at",
                    "closed_at", "lock_version", "type", "priority", "category", "agent", "team", "extended_status", "requester",
                    "comments", "tags", "attachments", "time_entries", "tasks", "problem", "change", "approval_requests", "cis"] {
            #expect(t[key] != nil, "missing \(key)")
        }
        #expect(dig(t, "type", "shortcut") as? String == "BUG")
        #expect(dig(t, "requester", "group", "name") as? String == "Finance")
        #expect(dig(t, "comments", 0, "created_by", "username") as? String == "barrycade")
        #expect(dig(t, "time_entries", 0, "date") as? String == "2026-10-04")
    }

    @Test func anUnknownTicketIs404() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        #expect(try bd.get("/tickets/999").status == 404)
        #expect(try bd.get("/tickets/abc").status == 404)
    }

    @Test func createAnswers201WithTheWholeTicket() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let r = try bd.post("/tickets", #"{"ticket":{"title":"How do I turn on my computer mouse?","type_id":1,"priority_id":3,"category_id":1,"tag_ids":[1,3],"custom_fields":{"1":"12","2":true,"3":"Broken cable"}}}"#)
        #expect(r.status == 201)
        #expect(dig(r.json, "status") as? String == "incoming")
        #expect(dig(r.json, "lock_version") as? Int == 0)
        #expect(dig(r.json, "priority", "name") as? String == "High")
        #expect(dig(r.json, "requester", "username") as? String == "jackpot")
        #expect((dig(r.json, "tags") as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["email", "printer"])
        #expect(dig(r.json, "custom_fields", "1") as? Int == 12)
        #expect(dig(r.json, "custom_fields", "3") as? Int == 32)
        #expect(r.header("Location") == "/bossdesk/api/v1/tickets/\(dig(r.json, "friendly_id") as? Int ?? 0)")
    }

    @Test func aTicketCreatedWithAnAgentIsAssigned() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try bd.createTicket(#""title":"x","type_id":1,"priority_id":1,"agent_id":8404"#)
        #expect(try bd.ticket(id)["status"] as? String == "assigned")
    }

    @Test func createNeedsTitleTypeAndPriority() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).post("/tickets", #"{"ticket":{"description":"no title"}}"#)
        #expect(r.status == 422)
        #expect(errors(r, "title") == ["can't be blank"])
        #expect(errors(r, "type_id") == ["can't be blank"])
        #expect(errors(r, "priority_id") == ["can't be blank"])
    }

    @Test(arguments: [
        (#""type_id":99"#, "type_id", "does not exist"), (#""category_id":99"#, "category_id", "does not exist"),
        (#""team_id":99"#, "team_id", "does not exist"), (#""extended_status_id":99"#, "extended_status_id", "does not exist"),
        (#""requester_id":999"#, "requester_id", "does not exist"), (#""agent_id":8402"#, "agent_id", "is not an agent"),
        (#""tag_ids":[5]"#, "tag_ids", "is invalid"), (#""custom_fields":{"1":"lots"}"#, "custom_fields.1", "must be an integer"),
        (#""custom_fields":{"2":"maybe"}"#, "custom_fields.2", "is invalid"), (#""custom_fields":{"3":"Fire"}"#, "custom_fields.3", "is not included in the list"),
        (#""custom_fields":{"4":"31-12-2026"}"#, "custom_fields.4", "is invalid"), (#""custom_fields":{"5":1.5}"#, "custom_fields.5", "does not exist"),
    ])
    func badReferencesAndValuesAre422OnTheirField(_ extra: String, _ field: String, _ message: String) throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let before = (try bd.get("/tickets").header("Total")).flatMap { Int($0) }
        let r = try bd.post("/tickets", #"{"ticket":{"title":"x","type_id":1,"priority_id":1,\#(extra)}}"#)
        #expect(r.status == 422)
        #expect(errors(r, field) == [message], "\(r.text)")
        #expect((try bd.get("/tickets").header("Total")).flatMap { Int($0) } == before)
    }

    @Test func aBodyWithoutTheTicketRootIs400() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).post("/tickets", #"{"title":"x"}"#)
        #expect(r.status == 400)
        #expect(errors(r, "base") == ["param is missing or the value is empty: ticket"])
    }

    @Test func updateIs204AndBumpsLockVersion() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try bd.createTicket()
        let r = try bd.patch("/tickets/\(id)", #"{"ticket":{"title":"Renamed","lock_version":0}}"#)
        #expect(r.status == 204)
        #expect(r.body.isEmpty)
        let t = try bd.ticket(id)
        #expect(t["title"] as? String == "Renamed")
        #expect(t["lock_version"] as? Int == 1)
    }

    @Test func aStaleLockVersionIs409AndChangesNothing() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try bd.createTicket()
        #expect(try bd.patch("/tickets/\(id)", #"{"ticket":{"title":"First","lock_version":0}}"#).status == 204)
        let r = try bd.patch("/tickets/\(id)", #"{"ticket":{"title":"Second","lock_version":0}}"#)
        #expect(r.status == 409)
        #expect(errors(r, "base") == ["Ticket has been changed by someone else since you loaded it"])
        let t = try bd.ticket(id)
        #expect(t["title"] as? String == "First")
        #expect(t["lock_version"] as? Int == 1)
    }

    @Test func anUpdateWithoutLockVersionApplies() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try bd.createTicket()
        #expect(try bd.patch("/tickets/\(id)", #"{"ticket":{"description":"<p>more</p>"}}"#).status == 204)
        #expect(try bd.ticket(id)["description"] as? String == "<p>more</p>")
    }

    @Test func aFailedUpdateIs422AndChangesNothing() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try bd.createTicket()
        let r = try bd.patch("/tickets/\(id)", #"{"ticket":{"title":"","priority_id":99}}"#)
        #expect(r.status == 422)
        #expect(errors(r, "title") == ["can't be blank"])
        #expect(try bd.ticket(id)["lock_version"] as? Int == 0)
    }

    @Test func assigningAnAgentMakesTheTicketAssigned() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try bd.createTicket()
        #expect(try bd.patch("/tickets/\(id)", #"{"ticket":{"agent_id":8403}}"#).status == 204)
        let t = try bd.ticket(id)
        #expect(t["status"] as? String == "assigned")
        #expect(dig(t, "agent", "username") as? String == "limited")
    }

    @Test func closeAndReopenAnswerTheTicket() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try bd.createTicket()
        let closed = try bd.patch("/tickets/\(id)/close", "{}")
        #expect(closed.status == 200)
        #expect(dig(closed.json, "status") as? String == "closed")
        #expect(dig(closed.json, "closed_at") is String)
        let reopened = try bd.patch("/tickets/\(id)/reopen", "{}")
        #expect(reopened.status == 200)
        #expect(dig(reopened.json, "status") as? String == "open")
        #expect(dig(reopened.json, "closed_at") is NSNull)
        #expect(dig(reopened.json, "lock_version") as? Int == 2)
    }

    @Test func closingAClosedTicketIs422Base() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try bd.createTicket()
        _ = try bd.patch("/tickets/\(id)/close", "{}")
        let r = try bd.patch("/tickets/\(id)/close", "{}")
        #expect(r.status == 422)
        #expect(errors(r, "base") == ["can't be closed because it is already closed"])
    }

    @Test func reopeningAnOpenTicketIs422Base() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let r = try bd.patch("/tickets/\(try bd.createTicket())/reopen", "{}")
        #expect(r.status == 422)
        #expect(errors(r, "base") == ["can't be reopened because it is not closed"])
    }

    @Test func aCommentIs201AndShowsOnTheTicket() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try bd.createTicket()
        let r = try bd.post("/tickets/\(id)/comments", #"{"comment":{"body":"<p>Comment, <em>woo</em>!</p>","is_public":true}}"#)
        #expect(r.status == 201)
        #expect(dig(r.json, "from_agent") as? Bool == true)
        #expect(dig(r.json, "created_by", "username") as? String == "jackpot")
        #expect(dig(r.json, "attachments") as? [Any] != nil)
        #expect(dig(try bd.ticket(id), "comments", 0, "body") as? String == "<p>Comment, <em>woo</em>!</p>")
    }

    @Test func aCommentNeedsIsPublic() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let r = try bd.post("/tickets/\(try bd.createTicket())/comments", #"{"comment":{"body":"hi"}}"#)
        #expect(r.status == 422)
        #expect(errors(r, "is_public") == ["can't be blank"])
    }

    @Test func tenantsDoNotSeeEachOthersTickets() throws {
        let app = try TestApp()
        let a = try BOSSDeskClient(app), b = try BOSSDeskClient(app)
        let id = try a.createTicket()
        #expect(try a.get("/tickets/\(id)").status == 200)
        #expect(try b.get("/tickets/\(id)").status == 404)
    }
}
