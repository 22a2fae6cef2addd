import Foundation
import Testing
import TestSupport

@Suite struct PaginationTests {
    private func records(_ r: WireResponse) -> [[String: Any]] { (r.object["records"] as? [[String: Any]]) ?? [] }

    @Test func cursorPagesVisitEachIssueOnceInOrderDespiteInserts() throws {
        let f = try Fleet()
        for i in 0..<230 { _ = try f.createIssue(#","description":"bulk \#(i)""#) }
        var seen: [Int] = []
        var cursor: String?
        var pages = 0
        repeat {
            pages += 1
            // 250 issues take 7 pages; a cap, so that a paging bug fails here instead of looping.
            if pages > 20 { Issue.record("still a next_cursor after 20 pages"); break }
            let r = try f.get("/api/v2/issues?per_page=37" + (cursor.map { "&start_cursor=\($0)" } ?? ""))
            #expect(r.status == 200)
            seen += records(r).compactMap { $0["id"] as? Int }
            cursor = r.object["next_cursor"] as? String
            _ = try f.createIssue()  // a concurrent insert between pages
        } while cursor != nil
        #expect(seen.count == 250)
        #expect(Set(seen).count == seen.count)
        #expect(seen == seen.sorted(by: >))
    }

    @Test func cursorBodyHasEveryField() throws {
        let f = try Fleet()
        let r = try f.get("/api/v2/issues?per_page=5")
        for key in ["start_cursor", "next_cursor", "per_page", "estimated_remaining_count", "filtered_by", "sorted_by", "records"] {
            #expect(r.object[key] != nil, "\(key)")
        }
        #expect(r.object["per_page"] as? Int == 5)
        #expect(r.object["estimated_remaining_count"] as? Int == 15)
        #expect(records(r).count == 5)
    }

    @Test func lastPageHasANullNextCursor() throws {
        let f = try Fleet()
        let r = try f.get("/api/v2/issues?per_page=100")
        #expect(r.object["next_cursor"] is NSNull)
        #expect(r.object["estimated_remaining_count"] as? Int == 0)
    }

    @Test func defaultPerPageIs50() throws {
        let f = try Fleet()
        #expect(try f.get("/api/v2/issues").object["per_page"] as? Int == 50)
    }

    @Test(arguments: ["1", "101", "ten"])
    func perPageOutsideTwoToHundredIs400(_ value: String) throws {
        let f = try Fleet()
        #expect(try f.get("/api/v2/issues?per_page=\(value)").status == 400)
    }

    @Test func tamperedCursorIs400() throws {
        let f = try Fleet()
        #expect(try f.get("/api/v2/issues?start_cursor=bm90LWEtY3Vyc29y").status == 400)
    }

    @Test func unknownFilterFieldIs400() throws {
        let f = try Fleet()
        let r = try f.get("/api/v2/issues?filter[colour][eq]=red")
        #expect(r.status == 400)
        #expect(r.object["detail"] as? String == "Unknown filter field: colour")
    }

    @Test func unsupportedFilterOperatorIs400() throws {
        let f = try Fleet()
        #expect(try f.get("/api/v2/issues?filter[summary][gt]=a").status == 400)
    }

    @Test func unknownSortFieldIs400() throws {
        let f = try Fleet()
        #expect(try f.get("/api/v2/issues?sort[colour]=asc").status == 400)
    }

    @Test func filterAndSortAreEchoed() throws {
        let f = try Fleet()
        let r = try f.get("/api/v2/issues?filter[state][eq]=Open&sort[reported_at]=asc")
        #expect(dig(r.object, "filtered_by", 0, "state", "eq") as? String == "Open")
        #expect(dig(r.object, "sorted_by", 0, "reported_at") as? String == "asc")
        #expect(records(r).allSatisfy { $0["state"] as? String == "Open" })
    }

    @Test func timestampRangeFilters() throws {
        let f = try Fleet()
        let r = try f.get("/api/v2/issues?filter[reported_at][gte]=2026-05-01T00:00:00Z&filter[reported_at][lt]=2026-07-01T00:00:00Z&per_page=100")
        let times = records(r).compactMap { $0["reported_at"] as? String }
        #expect(!times.isEmpty)
        #expect(times.allSatisfy { $0 >= "2026-05-01" && $0 < "2026-07-01" })
    }

    @Test func legacyPagesCarryPaginationHeaders() throws {
        let f = try Fleet()
        let r = try f.get("/api/v1/issues?page=2&per_page=8", add: [("X-Api-Version", "2023-03-01")])
        #expect(r.status == 200)
        #expect((r.json as? [Any])?.count == 8)
        #expect(r.header("X-Pagination-Limit") == "8")
        #expect(r.header("X-Pagination-Current-Page") == "2")
        #expect(r.header("X-Pagination-Total-Pages") == "3")
        #expect(r.header("X-Pagination-Total-Count") == "20")
    }

    @Test func legacyPagePastTheEndIsEmpty() throws {
        let f = try Fleet()
        let r = try f.get("/api/v1/issues?page=9", add: [("X-Api-Version", "2023-03-01")])
        #expect(r.text == "[]")
    }

    @Test func legacyPageBelowOneMeansOne() throws {
        let f = try Fleet()
        #expect(try f.get("/api/v1/issues?page=0", add: [("X-Api-Version", "2023-03-01")]).header("X-Pagination-Current-Page") == "1")
    }

    @Test func ransackFiltersAndSortsLegacyLists() throws {
        let f = try Fleet()
        let r = try f.get("/api/v1/issues?q[state_eq]=Open&q[s]=reported_at+asc", add: [("X-Api-Version", "2023-03-01")])
        let items = (r.json as? [[String: Any]]) ?? []
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { $0["state"] as? String == "Open" })
        let times = items.compactMap { $0["reported_at"] as? String }
        #expect(times == times.sorted())
    }

    @Test func ransackContainsIsCaseSensitiveAndIContIsNot() throws {
        let f = try Fleet()
        #expect(try f.get("/api/v1/issues?q[summary_cont]=brake", add: [("X-Api-Version", "2023-03-01")]).header("X-Pagination-Total-Count") == "0")
        #expect(try f.get("/api/v1/issues?q[summary_i_cont]=brake", add: [("X-Api-Version", "2023-03-01")]).header("X-Pagination-Total-Count") == "1")
    }

    @Test func v1WithNewerApiVersionPagesByCursor() throws {
        let f = try Fleet()
        let r = try f.get("/api/v1/issues", add: [("X-Api-Version", "2024-01-01")])
        #expect(r.object["records"] is [Any])
    }

    @Test func unversionedPathPagesByCursor() throws {
        let f = try Fleet()
        #expect(try f.get("/api/issues").object["records"] is [Any])
    }

    @Test func unknownApiVersionIs400() throws {
        let f = try Fleet()
        #expect(try f.get("/api/issues", add: [("X-Api-Version", "1999-01-01")]).status == 400)
    }

    @Test func labelsLiveOnTheUnversionedPathToo() throws {
        let f = try Fleet()
        #expect(try f.get("/api/labels").status == 200)
        #expect(try f.get("/api/v1/labels").status == 200)
    }

    /// A key answers in the version it is locked to when no X-Api-Version comes: the current one by default, so a
    /// header-less v1 list pages by cursor.
    @Test func aHeaderlessV1ListIsAnsweredInTheKeysVersionCurrentByDefault() throws {
        let f = try Fleet()
        let r = try f.get("/api/v1/issues")
        #expect(r.object["records"] is [Any])
        #expect(r.header("X-Pagination-Total-Count") == nil)
        #expect(dig(try f.app.get("/__admin/tenants/\(f.tenantID)/settings/fleetio").json, "api_version") as? String == "2025-05-05")
    }

    @Test func anOlderKeyVersionGivesLegacyPagesAndTheHeaderStillOverrides() throws {
        let f = try Fleet()
        #expect(try f.get("/api/v1/issues").object["records"] is [Any])   // answered (and cached) in the current version first
        let set = try f.app.request("PATCH", "/__admin/tenants/\(f.tenantID)/settings/fleetio", body: #"{"api_version":"2023-03-01"}"#)
        #expect(set.status == 200)
        #expect(dig(set.json, "api_version") as? String == "2023-03-01")
        let legacy = try f.get("/api/v1/issues")
        #expect(legacy.json is [Any])
        #expect(legacy.header("X-Pagination-Total-Count") != nil)
        let overridden = try f.get("/api/v1/issues", add: [("X-Api-Version", "2024-03-15")])
        #expect(overridden.object["records"] is [Any])
    }

    @Test(arguments: [#"{"api_version":"2020-01-01"}"#, #"{"api_version":7}"#, #"{"plan":{}}"#])
    func anUnknownKeyVersionIs400AndChangesNothing(_ body: String) throws {
        let f = try Fleet()
        let r = try f.app.request("PATCH", "/__admin/tenants/\(f.tenantID)/settings/fleetio", body: body)
        #expect(r.status == 400)
        #expect(dig(try f.app.get("/__admin/tenants/\(f.tenantID)/settings/fleetio").json, "api_version") as? String == "2025-05-05")
    }
}
