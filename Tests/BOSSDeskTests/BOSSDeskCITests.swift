import Foundation
import Testing
import TestSupport

/// CIs, their notes, and saved searches.
@Suite struct BOSSDeskCITests {
    @Test func theListIsPaginatedAndSearchable() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let r = try bd.get("/cis?per_page=5")
        #expect(r.header("Total") == "15")
        #expect(friendlyIDs(r) == [1, 2, 3, 4, 5])
        let first = try #require((r.json as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["id", "friendly_id", "name", "description", "online", "updated_at", "archived", "inventory", "type", "status"])
        #expect(friendlyIDs(try bd.get("/cis?q%5Btype_name_eq%5D=Printer")) == [6, 7])
        #expect(friendlyIDs(try bd.get("/cis?q%5Bname_start%5D=SRV&q%5Bonline_true%5D=1")) == [10, 11])
    }

    @Test func showHasTheSeedsFields() throws {
        let app = try TestApp()
        let ci = try #require(try BOSSDeskClient(app).get("/cis/1").json as? [String: Any])
        for key in ["id", "friendly_id", "name", "description", "model", "serial_number", "control_number", "type", "status", "location",
                    "manufacturer", "tags", "users", "purchase_order", "custom_fields", "inventory", "inventory_updated_at", "online",
                    "dns_host_name", "distinguished_name", "archived_at", "created_at", "updated_at"] {
            #expect(ci[key] != nil, "missing \(key)")
        }
        #expect(dig(ci, "users", 0, "username") as? String == "jackpot")
        #expect(dig(ci, "inventory", "bios", "name") as? String == "UEFI")
    }

    @Test func byBarcodeUsesTheAccountsMethod() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        #expect(dig(try bd.get("/cis/by_barcode/PRN-3001").json, "friendly_id") as? Int == 6)
        #expect(try bd.get("/cis/by_barcode/NOPE-1").status == 404)
    }

    @Test func createAnswers201AndAssignsAControlNumber() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).post("/cis", #"{"ci":{"name":"TS-21442","description":"Marcella","type_id":3,"status_id":1,"location_id":2,"manufacturer_id":2,"tag_ids":[5],"user_ids":[8402],"custom_fields":{"5":"12.5"}}}"#)
        #expect(r.status == 201)
        #expect(dig(r.json, "friendly_id") as? Int == 16)
        #expect(dig(r.json, "control_number") as? String == "CN-0016")
        #expect(dig(r.json, "manufacturer", "name") as? String == "Lenovo")
        #expect(dig(r.json, "custom_fields", "5") as? Double == 12.5)
        #expect(dig(r.json, "users", 0, "username") as? String == "aldente")
    }

    @Test(arguments: [
        (#"{"ci":{"description":"no name"}}"#, "name", "can't be blank"),
        (#"{"ci":{"name":"x","type_id":99}}"#, "type_id", "does not exist"),
        (#"{"ci":{"name":"x","tag_ids":[1]}}"#, "tag_ids", "is invalid"),
        (#"{"ci":{"name":"x","user_ids":[999]}}"#, "user_ids", "is invalid"),
        (#"{"ci":{"name":"x","custom_fields":{"6":"not a url"}}}"#, "custom_fields.6", "is invalid"),
        (#"{"ci":{"name":"x","custom_fields":{"1":3}}}"#, "custom_fields.1", "does not exist"),
    ])
    func badCIsAre422(_ body: String, _ field: String, _ message: String) throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).post("/cis", body)
        #expect(r.status == 422)
        #expect(errors(r, field) == [message])
    }

    @Test func updateIs204() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        #expect(try bd.patch("/cis/3", #"{"ci":{"name":"CI392-R","status_id":2}}"#).status == 204)
        let ci = try bd.get("/cis/3")
        #expect(dig(ci.json, "name") as? String == "CI392-R")
        #expect(dig(ci.json, "status", "name") as? String == "In repair")
        #expect(try bd.patch("/cis/3", #"{"ci":{"name":""}}"#).status == 422)
    }

    @Test func aCILinkedToAnOpenTicketCannotBeDeleted() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let r = try app.request("DELETE", BOSSDeskClient.base + "/cis/1", headers: bd.headers)
        #expect(r.status == 422)
        #expect(errors(r, "base")?.first?.hasPrefix("can't delete the CI") == true)
        #expect(try bd.get("/cis/1").status == 200)
    }

    @Test func aCIOnlyOnClosedTicketsIsDeleted() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        #expect(try app.request("DELETE", BOSSDeskClient.base + "/cis/11", headers: bd.headers).status == 204)
        #expect(try bd.get("/cis/11").status == 404)
    }

    @Test func aTicketListsItsCIs() throws {
        let app = try TestApp()
        let t = try BOSSDeskClient(app).ticket(3)
        #expect(dig(t, "cis", 0, "name") as? String == "SRV-5001")
        #expect(dig(t, "cis", 0, "status", "color") as? String == "#34B632")
    }

    @Test func notesAreCreatedUpdatedAndDeleted() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let created = try bd.post("/cis/5/notes", #"{"note":{"text":"Note this!"}}"#)
        #expect(created.status == 201)
        #expect(dig(created.json, "created_by", "username") as? String == "jackpot")
        let id = try #require(dig(created.json, "id") as? Int)
        let updated = try bd.patch("/cis/5/notes/\(id)", #"{"note":{"text":"Updated note"}}"#)
        #expect(updated.status == 200)
        #expect(dig(updated.json, "text") as? String == "Updated note")
        let deleted = try app.request("DELETE", BOSSDeskClient.base + "/cis/5/notes/\(id)", headers: bd.headers)
        #expect(deleted.status == 200)
        #expect(dig(deleted.json, "text") as? String == "Updated note")
        #expect(try app.request("DELETE", BOSSDeskClient.base + "/cis/5/notes/\(id)", headers: bd.headers).status == 404)
    }

    @Test func aNoteNeedsText() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let r = try bd.post("/cis/5/notes", #"{"note":{"text":""}}"#)
        #expect(r.status == 422)
        #expect(errors(r, "text") == ["can't be blank"])
        #expect(try bd.patch("/cis/1/notes/1", #"{"note":{"text":""}}"#).status == 422)
    }

    @Test func savedSearchesAreListed() throws {
        let app = try TestApp()
        let list = try #require(try BOSSDeskClient(app).get("/searches").json as? [[String: Any]])
        #expect(list.count == 5)
        #expect(Set(list[0].keys) == ["id", "name", "created_at", "updated_at", "owner_class", "my_search"])
    }

    @Test func aCISearchRunsItsQuery() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).get("/searches/2")
        #expect(friendlyIDs(r) == [10, 11])
        #expect(r.header("Total") == "2")
    }

    @Test func aTicketSearchRunsWithThePagesAsked() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).get("/searches/4?per_page=2&page=2")
        #expect(friendlyIDs(r) == [9, 13])
        #expect(r.header("Total") == "6")
    }

    @Test func otherSearchesAre501() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).get("/searches/5")
        #expect(r.status == 501)
        #expect(try BOSSDeskClient(app).get("/searches/99").status == 404)
    }

    @Test func cisNeedTheCMDBPermission() throws {
        let app = try TestApp()
        #expect(try BOSSDeskClient(app).as("restricted_agent").get("/cis").status == 403)
    }
}
