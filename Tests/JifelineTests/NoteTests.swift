import Foundation
import Testing
import TestSupport

@Suite struct NoteTests {
    @Test func createdNoteHasEverySeedField() throws {
        let j = try Jifeline()
        let n = try j.createNote(#","categories":["pre-scan"],"is_public":true"#)
        #expect(Set(n.keys) == ["id", "author_id", "author_name", "categories", "created_at", "is_public", "ticket_id", "updated_at", "value"])
        #expect(n["updated_at"] is NSNull)
        #expect(n["is_public"] as? Bool == true)
        #expect(n["categories"] as? [String] == ["pre-scan"])
        #expect((n["created_at"] as? String)?.hasSuffix("Z") == true)
    }

    @Test func isPublicDefaultsToFalse() throws {
        #expect(try Jifeline().createNote()["is_public"] as? Bool == false)
    }

    @Test func valueOver1500CharactersIs400WithErrors() throws {
        let j = try Jifeline()
        let r = try j.call("POST", "/v2/tickets/notes", #"{"ticket_id":"\#(j.ticketIDs[0])","value":"\#(String(repeating: "a", count: 1501))"}"#)
        #expect(r.status == 400)
        #expect(r.header("Content-Type") == "application/problem+json")
        #expect(dig(r.object, "errors", 0, "field") as? String == "value")
    }

    @Test func exactly1500CharactersAreAccepted() throws {
        let j = try Jifeline()
        #expect(try j.call("POST", "/v2/tickets/notes", #"{"ticket_id":"\#(j.ticketIDs[0])","value":"\#(String(repeating: "a", count: 1500))"}"#).status == 201)
    }

    @Test func unknownCategoryIs400() throws {
        let j = try Jifeline()
        let r = try j.call("POST", "/v2/tickets/notes", #"{"ticket_id":"\#(j.ticketIDs[0])","value":"v","categories":["mid-scan"]}"#)
        #expect(r.status == 400)
        #expect(dig(r.object, "errors", 0, "field") as? String == "categories")
    }

    @Test func ticketAndValueAreRequired() throws {
        let j = try Jifeline()
        let r = try j.call("POST", "/v2/tickets/notes", "{}")
        #expect(r.status == 400)
        #expect(((r.object["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String } == ["ticket_id", "value"])
    }

    @Test func malformedTicketUUIDIs400() throws {
        let j = try Jifeline()
        #expect(try j.call("POST", "/v2/tickets/notes", #"{"ticket_id":"12","value":"v"}"#).status == 400)
    }

    @Test func unknownTicketIs404() throws {
        let j = try Jifeline()
        #expect(try j.call("POST", "/v2/tickets/notes", #"{"ticket_id":"00000000-0000-4000-8000-000000000000","value":"v"}"#).status == 404)
    }

    @Test func listNeedsTicketID() throws {
        let j = try Jifeline()
        #expect(try j.call("GET", "/v2/tickets/notes").status == 400)
    }

    @Test func listEchoesTheAppliedQueryWithDefaults() throws {
        let j = try Jifeline()
        _ = try j.createNote()
        let r = try j.call("GET", "/v2/tickets/notes?ticket_id=\(j.ticketIDs[0])")
        #expect(r.status == 200)
        #expect(dig(r.object, "query", "limit") as? Int == 25)
        #expect(dig(r.object, "query", "offset") as? Int == 0)
        #expect(dig(r.object, "query", "ticket_id") as? String == j.ticketIDs[0])
        #expect((r.object["result"] as? [Any])?.count == r.object["total"] as? Int)
    }

    @Test func limitAndOffsetPage() throws {
        let j = try Jifeline()
        for _ in 0..<5 { _ = try j.createNote(ticket: j.ticketIDs[1]) }
        let r = try j.call("GET", "/v2/tickets/notes?ticket_id=\(j.ticketIDs[1])&limit=2&offset=2")
        #expect((r.object["result"] as? [Any])?.count == 2)
        #expect(r.object["total"] as? Int == 5)
    }

    @Test(arguments: ["limit=1001", "limit=-1", "offset=-1", "limit=x"])
    func outOfRangeWindowIs400(_ q: String) throws {
        let j = try Jifeline()
        #expect(try j.call("GET", "/v2/tickets/notes?ticket_id=\(j.ticketIDs[0])&\(q)").status == 400)
    }

    @Test func putReplacesTheNoteAndSetsUpdatedAt() throws {
        let j = try Jifeline()
        let id = try j.createNote()["id"] as! String
        let r = try j.call("PUT", "/v2/tickets/notes/\(id)", #"{"ticket_id":"\#(j.ticketIDs[0])","value":"changed","categories":["post-scan"]}"#)
        #expect(r.status == 200)
        #expect(r.object["value"] as? String == "changed")
        #expect(r.object["updated_at"] is String)
        #expect(try j.call("GET", "/v2/tickets/notes/\(id)").object["value"] as? String == "changed")
    }

    @Test func patchIs405WithAllow() throws {
        let j = try Jifeline()
        let id = try j.createNote()["id"] as! String
        let r = try j.call("PATCH", "/v2/tickets/notes/\(id)", "{}")
        #expect(r.status == 405)
        #expect(r.header("Allow")?.contains("PUT") == true)
    }

    @Test func deleteIs204AndRemovesAttachments() throws {
        let j = try Jifeline()
        let id = try j.createNote()["id"] as! String
        let url = try j.call("POST", "/v2/tickets/note-attachments", #"{"note_id":"\#(id)","filename":"a.txt"}"#).object["signed_url"] as! String
        #expect(try j.signed("PUT", url, contentType: "text/plain", body: Array("hi".utf8)).status == 200)
        #expect(try j.call("DELETE", "/v2/tickets/notes/\(id)").status == 204)
        #expect(try j.call("GET", "/v2/tickets/notes/\(id)").status == 404)
        #expect(try j.call("GET", "/v2/tickets/note-attachments/\(id)/a.txt").status == 404)
    }

    @Test func malformedNoteIDInPathIs400() throws {
        let j = try Jifeline()
        #expect(try j.call("GET", "/v2/tickets/notes/not-a-uuid").status == 400)
    }

    @Test func listOfAnUnknownTicketIs404() throws {
        let r = try Jifeline().call("GET", "/v2/tickets/notes?ticket_id=00000000-0000-4000-8000-000000000000")
        #expect(r.status == 404)
        #expect(r.object["detail"] as? String == "Ticket 00000000-0000-4000-8000-000000000000 does not exist")
    }

    @Test func listWithAMalformedTicketIDIs400() throws {
        #expect(try Jifeline().call("GET", "/v2/tickets/notes?ticket_id=nope").status == 400)
    }

    @Test func unknownNoteIs404() throws {
        let j = try Jifeline()
        #expect(try j.call("GET", "/v2/tickets/notes/00000000-0000-4000-8000-000000000000").status == 404)
    }
}

@Suite struct TicketTests {
    @Test func tenantHasSeededTicketsInEveryState() throws {
        let j = try Jifeline()
        let r = try j.call("GET", "/v2/tickets/tickets?limit=100")
        let states = Set(((r.object["result"] as? [[String: Any]]) ?? []).compactMap { $0["state"] as? String })
        #expect(states == ["prepared", "pending", "in_progress", "outsourced", "closed", "cancelled"])
        #expect(j.ticketIDs.count >= 3)
    }

    @Test func filterByState() throws {
        let j = try Jifeline()
        let r = try j.call("GET", "/v2/tickets/tickets?state=pending")
        let items = (r.object["result"] as? [[String: Any]]) ?? []
        #expect(!items.isEmpty && items.allSatisfy { $0["state"] as? String == "pending" })
        #expect(dig(r.object, "query", "state") as? String == "pending")
    }

    @Test func unknownStateIs400() throws {
        #expect(try Jifeline().call("GET", "/v2/tickets/tickets?state=lost").status == 400)
    }

    @Test func createdAfterFilters() throws {
        let j = try Jifeline()
        let r = try j.call("GET", "/v2/tickets/tickets?created_after=2026-05-01T00:00:00Z")
        let times = ((r.object["result"] as? [[String: Any]]) ?? []).compactMap { $0["created_at"] as? String }
        #expect(!times.isEmpty && times.allSatisfy { $0 > "2026-05-01" })
    }

    @Test func ticketByID() throws {
        let j = try Jifeline()
        let r = try j.call("GET", "/v2/tickets/tickets/\(j.ticketIDs[0])")
        #expect(r.status == 200)
        #expect((r.object["vin"] as? String)?.count == 17)
    }
}
