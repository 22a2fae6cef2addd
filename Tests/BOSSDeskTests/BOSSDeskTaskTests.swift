import Foundation
import Testing
import TestSupport

/// Tasks and time entries on tickets.
@Suite struct BOSSDeskTaskTests {
    /// A new ticket with one task; answers (ticket, task id).
    static func ticketWithTask(_ bd: BOSSDeskClient) throws -> (Int, Int) {
        let id = try bd.createTicket()
        let r = try bd.post("/tickets/\(id)/tasks", #"{"task":{"title":"Figure out the meaning of this ticket","type_id":1,"team_id":2,"agent_id":8404,"note":"Note this!","due_at":"2018-11-28 15:00:00"}}"#)
        guard r.status == 201, let task = dig(r.json, "id") as? Int else { throw TestFailure("task create: \(r.status) \(r.text)") }
        return (id, task)
    }

    @Test func aTaskIs201WithTypeTeamAndAgent() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try bd.createTicket()
        let r = try bd.post("/tickets/\(id)/tasks", #"{"task":{"title":"Call","type_id":1,"team_id":2,"agent_id":8404,"due_at":"2018-11-28 15:00:00"}}"#)
        #expect(r.status == 201)
        #expect(dig(r.json, "due_at") as? String == "2018-11-28T15:00:00.000Z")
        #expect(dig(r.json, "type", "name") as? String == "Communication")
        #expect(dig(r.json, "team", "name") as? String == "Hardware Team")
        #expect(dig(r.json, "agent", "username") as? String == "barrycade")
        #expect(dig(r.json, "closed_at") is NSNull)
        #expect((dig(try bd.ticket(id), "tasks") as? [Any])?.count == 1)
    }

    @Test func aTaskNeedsATitle() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let r = try bd.post("/tickets/\(try bd.createTicket())/tasks", #"{"task":{"note":"no title","type_id":99}}"#)
        #expect(r.status == 422)
        #expect(errors(r, "title") == ["can't be blank"])
        #expect(errors(r, "type_id") == ["does not exist"])
    }

    @Test func updatingATaskIs204() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let (id, task) = try Self.ticketWithTask(bd)
        #expect(try bd.patch("/tickets/\(id)/tasks/\(task)", #"{"task":{"note":"Updated note"}}"#).status == 204)
        #expect(dig(try bd.ticket(id), "tasks", 0, "note") as? String == "Updated note")
        #expect(try bd.patch("/tickets/\(id)/tasks/\(task)", #"{"task":{"title":""}}"#).status == 422)
    }

    @Test func closeAndReopenATaskAnswerTheTask() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let (id, task) = try Self.ticketWithTask(bd)
        let closed = try bd.patch("/tickets/\(id)/tasks/\(task)/close", #"{"task":{"note":"done"}}"#)
        #expect(closed.status == 200)
        #expect(dig(closed.json, "closed_at") is String)
        #expect(dig(closed.json, "note") as? String == "done")
        #expect(try bd.patch("/tickets/\(id)/tasks/\(task)/close", "{}").status == 422)
        let reopened = try bd.patch("/tickets/\(id)/tasks/\(task)/reopen", "{}")
        #expect(reopened.status == 200)
        #expect(dig(reopened.json, "closed_at") is NSNull)
        #expect(try bd.patch("/tickets/\(id)/tasks/\(task)/reopen", "{}").status == 422)
    }

    @Test func deletingATaskIs204AndUnlinksItsTimeEntries() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let (id, task) = try Self.ticketWithTask(bd)
        #expect(try bd.post("/tickets/\(id)/time_entries", #"{"time_entry":{"date":"01-02-2026","duration":15,"task_id":\#(task)}}"#).status == 201)
        let r = try app.request("DELETE", BOSSDeskClient.base + "/tickets/\(id)/tasks/\(task)", headers: bd.headers)
        #expect(r.status == 204)
        let t = try bd.ticket(id)
        #expect((t["tasks"] as? [Any])?.isEmpty == true)
        #expect(dig(t, "time_entries", 0, "task_id") is NSNull)
        #expect(dig(t, "time_entries", 0, "duration") as? Int == 15)
    }

    @Test func anUnknownTaskIs404() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        #expect(try bd.patch("/tickets/\(try bd.createTicket())/tasks/999", #"{"task":{"note":"x"}}"#).status == 404)
    }

    @Test func aTimeEntryTakesDayMonthYearAndShowsYearMonthDay() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let (id, task) = try Self.ticketWithTask(bd)
        let r = try bd.post("/tickets/\(id)/time_entries", #"{"time_entry":{"date":"31-12-2017","duration":60,"billable":true,"task_id":\#(task)}}"#)
        #expect(r.status == 201)
        #expect(dig(r.json, "date") as? String == "2017-12-31")
        #expect(dig(r.json, "billable") as? Bool == true)
        #expect(dig(r.json, "agent", "username") as? String == "jackpot")
        #expect(dig(r.json, "task", "id") as? Int == task)
    }

    @Test(arguments: [
        (#"{"time_entry":{"duration":60}}"#, "date", "can't be blank"),
        (#"{"time_entry":{"date":"2017-12-31","duration":60}}"#, "date", "is invalid"),
        (#"{"time_entry":{"date":"31-02-2017","duration":60}}"#, "date", "is invalid"),
        (#"{"time_entry":{"date":"31-12-2017"}}"#, "duration", "can't be blank"),
        (#"{"time_entry":{"date":"31-12-2017","duration":0}}"#, "duration", "must be greater than 0"),
        (#"{"time_entry":{"date":"31-12-2017","duration":5,"task_id":999}}"#, "task_id", "does not exist"),
        (#"{"time_entry":{"date":"31-12-2017","duration":5,"agent_id":8402}}"#, "agent_id", "is not an agent"),
    ])
    func badTimeEntriesAre422(_ body: String, _ field: String, _ message: String) throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let r = try bd.post("/tickets/\(try bd.createTicket())/time_entries", body)
        #expect(r.status == 422)
        #expect(errors(r, field) == [message])
    }

    @Test func updatingAndDeletingATimeEntryAre204() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try bd.createTicket()
        let entry = try #require(dig(try bd.post("/tickets/\(id)/time_entries", #"{"time_entry":{"date":"01-01-2026","duration":30}}"#).json, "id") as? Int)
        #expect(try bd.patch("/tickets/\(id)/time_entries/\(entry)", #"{"time_entry":{"duration":120}}"#).status == 204)
        #expect(dig(try bd.ticket(id), "time_entries", 0, "duration") as? Int == 120)
        #expect(try app.request("DELETE", BOSSDeskClient.base + "/tickets/\(id)/time_entries/\(entry)", headers: bd.headers).status == 204)
        #expect((dig(try bd.ticket(id), "time_entries") as? [Any])?.isEmpty == true)
    }
}
