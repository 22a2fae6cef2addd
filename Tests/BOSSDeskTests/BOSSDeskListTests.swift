import Foundation
import Testing
import TestSupport

/// Pagination (`page`, `per_page`, Link/Total/Per-Page) and Ransack search on the lists that have them.
@Suite struct BOSSDeskListTests {
    @Test func aListIs15ByDefaultWithTotalAndPerPage() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).get("/tickets")
        #expect(friendlyIDs(r) == Array(1...15))
        #expect(r.header("Total") == "25")
        #expect(r.header("Per-Page") == "15")
    }

    @Test(arguments: [("0", 1), ("100", 30), ("7", 7), ("seven", 15)])
    func perPageIsClampedToOneToThirty(_ asked: String, _ got: Int) throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).get("/tickets?per_page=\(asked)")
        #expect(friendlyIDs(r).count == min(got, 25))
        #expect(r.header("Per-Page") == String(got))
    }

    @Test func linkNamesTheOtherPagesAndKeepsTheQuery() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).get("/tickets?per_page=5&page=2&q%5Bstatus_eq%5D=closed")
        let link = try #require(r.header("Link"))
        #expect(link.contains(#"page=1&per_page=5>; rel="first""#))
        #expect(link.contains(#"page=1&per_page=5>; rel="prev""#))
        #expect(link.contains(#"rel="next""#) == false)
        #expect(link.contains("q%5Bstatus_eq%5D=closed"))
        #expect(r.header("Total") == "6")
    }

    @Test func aPagePastTheEndIsEmpty() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).get("/tickets?page=9")
        #expect(r.status == 200)
        #expect(friendlyIDs(r).isEmpty)
    }

    /// api-pagination with will_paginate: past the end, `prev` is the page before the one asked for; no `next`/`last`.
    @Test func aPagePastTheEndLinksPrevToThePageBeforeIt() throws {
        let app = try TestApp()
        let link = try #require(try BOSSDeskClient(app).get("/tickets?page=9&per_page=5").header("Link"))
        #expect(link.contains(#"page=8&per_page=5>; rel="prev""#), "\(link)")
        #expect(link.contains(#"page=1&per_page=5>; rel="first""#))
        #expect(!link.contains(#"rel="next""#) && !link.contains(#"rel="last""#))
    }

    @Test func walkingThePagesSeesEveryTicketOnce() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let ids = try (1...4).flatMap { friendlyIDs(try bd.get("/tickets?per_page=7&page=\($0)")) }
        #expect(ids == Array(1...25))
    }

    @Test(arguments: [
        ("q%5Bstatus_eq%5D=closed", [4, 8, 12, 16, 20, 24]),
        ("q%5Bstatus_not_eq%5D=closed&q%5Bpriority_id_eq%5D=3", [3, 7, 11, 15, 19, 23]),
        ("q%5Btitle_cont%5D=printer", [1]),
        ("q%5Btitle_i_cont%5D=printer", [1, 14]),
        ("q%5Btitle_start%5D=Printer", [14]),
        ("q%5Btitle_end%5D=twice", [16]),
        ("q%5Bfriendly_id_lt%5D=3", [1, 2]),
        ("q%5Bfriendly_id_gteq%5D=24", [24, 25]),
        ("q%5Bfriendly_id_in%5D=2,5,9", [2, 5, 9]),
        ("q%5Bfriendly_id_in%5D%5B%5D=2&q%5Bfriendly_id_in%5D%5B%5D=5", [2, 5]),
        ("q%5Bagent_id_null%5D=1", [1, 5, 9, 13, 17, 25]),
        ("q%5Bpriority_name_eq%5D=Urgent&q%5Bstatus_eq%5D=closed", [4, 8, 12, 16, 20, 24]),
        ("q%5Btitle_or_description_cont%5D=VPN", [3]),
        ("q%5Bstatus_eq%5D=closed&q%5Bfriendly_id_eq%5D=1&q%5Bm%5D=or", [1, 4, 8, 12, 16, 20, 24]),
        ("q%5Brequester_username_eq%5D=aldente&q%5Bfriendly_id_lt%5D=10", [1, 7]),
        ("q%5Bno_such_attr_eq%5D=1&q%5Bfriendly_id_eq%5D=2", [2]),
        ("q%5Bfriendly_id_eq%5D=", Array(1...25)),
    ])
    func ransackPredicatesFilter(_ query: String, _ expected: [Int]) throws {
        let app = try TestApp()
        #expect(friendlyIDs(try BOSSDeskClient(app).get("/tickets?per_page=30&\(query)")).prefix(30) == ArraySlice(expected))
    }

    @Test func anUpdatedTicketIsFoundByItsNewValuesAndNotItsOld() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try bd.createTicket(#""title":"Moves","type_id":1,"priority_id":2"#)
        #expect(try bd.patch("/tickets/\(id)", #"{"ticket":{"priority_id":4,"agent_id":8403,"lock_version":0}}"#).status == 204)
        #expect(friendlyIDs(try bd.get("/tickets?q%5Bpriority_id_eq%5D=4&q%5Bstatus_eq%5D=assigned&q%5Bagent_id_eq%5D=8403")).contains(id))
        #expect(!friendlyIDs(try bd.get("/tickets?q%5Bpriority_id_eq%5D=2&per_page=30&q%5Bstatus_eq%5D=incoming")).contains(id))
    }

    @Test func sortingFollowsQS() throws {
        let app = try TestApp()
        let ids = friendlyIDs(try BOSSDeskClient(app).get("/tickets?per_page=3&q%5Bs%5D=friendly_id+desc"))
        #expect(ids == [25, 24, 23])
    }

    @Test(arguments: [
        "q%5Btitle_eq%5D=x%27%3B+DROP+TABLE+bossdesk_records%3B--",
        "q%5Btitle%27%3B--_eq%5D=1",
        "q%5Bs%5D=title%3B+DROP+TABLE+x",
        "q%5Bfriendly_id_in%5D=1)+OR+(1=1",
    ])
    func injectionAttemptsDoNothing(_ query: String) throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let r = try bd.get("/tickets?\(query)")
        #expect(r.status == 200)
        #expect(try bd.get("/tickets").header("Total") == "25")
    }

    @Test func usersSearchThroughTheirGroup() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).get("/users?q%5Bgroup_name_eq%5D=IT")
        #expect(friendlyIDs(r) == [1, 3, 4, 5])
    }

    @Test func searchableLookupsPaginate() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).get("/manufacturers?per_page=2&q%5Bname_cont%5D=e")
        #expect(r.header("Total") == "4")
        #expect((r.json as? [Any])?.count == 2)
    }

    @Test func plainLookupsAreWholeArrays() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).get("/helpdesk_categories")
        #expect(r.header("Total") == nil)
        let first = try #require((r.json as? [[String: Any]])?.first)
        #expect(dig(first, "teams", 0, "name") as? String == "Hardware Team")
        #expect(first["team_ids"] == nil)
    }

    @Test(arguments: [("/tags?owner_class=user", 2), ("/custom_fields?owner_class=ticket", 4), ("/custom_fields?type_id=5", 1)])
    func lookupFiltersNarrowTheList(_ path: String, _ count: Int) throws {
        let app = try TestApp()
        #expect((try BOSSDeskClient(app).get(path).json as? [Any])?.count == count)
    }
}
