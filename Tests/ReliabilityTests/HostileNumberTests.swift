import Foundation
import Testing
import TestSupport

/// Every paged or numeric parameter of all four APIs and of the admin API against numbers a fuzzing client sends
/// (past Int, negative, float, exponent): the answer is never a 5xx, and the server still answers afterwards.
@Suite struct HostileNumberTests {
    struct Target: Sendable, CustomStringConvertible {
        let path: String
        let headers: [(String, String)]
        let parameters: [String]
        var description: String { path }
    }

    static let hostile = [
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999999",
        "614891469123651722", "92233720368547760", "-1", "0", "1e308", "-1e19", "NaN", "Infinity", "1.5", "%00", "",
    ]

    static let targets: [Target] = [
        Target(path: "/fleetio/api/v1/issues", headers: Demo.fleetio, parameters: ["page", "per_page", "q[id_eq]", "q[id_gt]", "q[s]"]),
        Target(path: "/fleetio/api/v2/issues", headers: Demo.fleetio, parameters: ["per_page", "start_cursor", "filter[id][gt]", "sort[id]"]),
        Target(path: "/fleetio/api/v1/faults", headers: Demo.fleetio, parameters: ["page", "per_page"]),
        Target(path: "/fleetio/api/v1/vehicles", headers: Demo.fleetio, parameters: ["page", "per_page"]),
        Target(path: "/fleetio/api/v1/contacts", headers: Demo.fleetio, parameters: ["page", "per_page"]),
        Target(path: "/jifeline/v2/tickets/tickets", headers: Demo.jifeline, parameters: ["limit", "offset", "ticket_number"]),
        Target(path: "/jifeline/v2/tickets/notes?ticket_id=\(Demo.ticket)", headers: Demo.jifeline, parameters: ["limit", "offset"]),
        Target(path: "/jifeline/v2/tickets/note-attachments?note_id=\(Demo.note)", headers: Demo.jifeline, parameters: ["limit", "offset"]),
        Target(path: "/stackone/unified/ticketing/tickets", headers: Demo.stackone, parameters: ["page_size", "next", "page", "filter[updated_after]"]),
        Target(path: "/stackone/unified/ticketing/users", headers: Demo.stackone, parameters: ["page_size", "next"]),
        Target(path: "/bossdesk/api/v1/tickets", headers: Demo.bossdesk, parameters: ["page", "per_page", "q[id_eq]", "q[created_at_gt]"]),
        Target(path: "/bossdesk/api/v1/cis", headers: Demo.bossdesk, parameters: ["page", "per_page"]),
        Target(path: "/bossdesk/api/v1/users", headers: Demo.bossdesk, parameters: ["page", "per_page"]),
        Target(path: "/bossdesk/api/v1/searches/1", headers: Demo.bossdesk, parameters: ["page", "per_page"]),
        Target(path: "/bossdesk/api/v1/my/tickets", headers: Demo.endUser, parameters: ["page", "per_page"]),
        Target(path: "/__admin/requests", headers: [], parameters: ["limit", "since_id", "status"]),
    ]

    @Test(arguments: targets)
    func hostileNumbersNeverGetA5xxAndTheServerLives(_ t: Target) throws {
        let app = try TestApp()
        #expect(try app.get(t.path, headers: t.headers).status == 200, "the target itself must answer, or the sweep proves nothing")
        for name in t.parameters {
            for value in Self.hostile {
                let target = t.path + (t.path.contains("?") ? "&" : "?") + "\(name)=\(value)"
                let r = try app.get(target, headers: t.headers)
                #expect(r.status < 500, "\(target) answered \(r.status): \(r.text.prefix(200))")
            }
        }
        #expect(try app.get("/__admin/health").status == 200)
    }

    @Test(arguments: ["9223372036854775807", "-9223372036854775808", "99999999999999999999"])
    func hostileIDsInPathsAreNotFound(_ id: String) throws {
        let app = try TestApp()
        for (path, headers) in [("/fleetio/api/v1/issues/", Demo.fleetio), ("/bossdesk/api/v1/tickets/", Demo.bossdesk),
                                ("/bossdesk/api/v1/cis/", Demo.bossdesk), ("/stackone/unified/ticketing/tickets/", Demo.stackone)] {
            #expect(try app.get(path + id, headers: headers).status == 404, "\(path)\(id)")
        }
    }

    @Test func aBOSSDeskPagePastEveryOffsetIsAnEmptyPage() throws {
        let app = try TestApp()
        let r = try app.get("/bossdesk/api/v1/tickets?page=614891469123651722", headers: Demo.bossdesk)
        #expect(r.status == 200)
        #expect((r.json as? [Any])?.isEmpty == true)
        #expect(r.header("Total").flatMap { Int($0) } ?? 0 > 0)
    }

    @Test func aFleetioPagePastEveryOffsetIsAnEmptyPageThatSaysWhichPageItIs() throws {
        let app = try TestApp()
        let r = try app.get("/fleetio/api/v1/issues?page=92233720368547760", headers: Demo.fleetio + [("X-Api-Version", "2023-03-01")])
        #expect(r.status == 200)
        #expect((r.json as? [Any])?.isEmpty == true)
        #expect(r.header("X-Pagination-Current-Page") == "92233720368547760")
    }

    @Test func aPageWithMoreDigitsThanAnIntIsTheLastPossiblePage() throws {
        let app = try TestApp()
        let r = try app.get("/bossdesk/api/v1/users?page=99999999999999999999999", headers: Demo.bossdesk)
        #expect(r.status == 200)
        #expect((r.json as? [Any])?.isEmpty == true)
    }

    /// A client may number an issue itself; one numbered Int.max must not make the next automatic number overflow.
    @Test func aFleetioIssueNumberedIntMaxLeavesTheNextIssueANumber() throws {
        let app = try TestApp()
        let vehicle = try #require((dig(try app.get("/fleetio/api/v1/vehicles", headers: Demo.fleetio).json, "records") as? [[String: Any]])?.first?["id"] as? Int)
        let first = try app.post("/fleetio/api/v1/issues", #"{"summary":"a","vehicle_id":\#(vehicle),"reported_at":"2026-01-01","number":"9223372036854775807"}"#, headers: Demo.fleetio)
        #expect(first.status == 201, "\(first.text)")
        let next = try app.post("/fleetio/api/v1/issues", #"{"summary":"b","vehicle_id":\#(vehicle),"reported_at":"2026-01-01"}"#, headers: Demo.fleetio)
        #expect(next.status == 201, "\(next.text)")
        let number = try #require(dig(next.json, "number") as? String)
        #expect(number != "9223372036854775807" && Int(number) != nil)
    }

    /// `lock_version` is the client's to send back; one at Int.max is a conflict or a success, never a trap.
    @Test func aBOSSDeskLockVersionAtIntMaxIsAnsweredNotTrapped() throws {
        let app = try TestApp()
        let r = try app.request("PATCH", "/bossdesk/api/v1/tickets/1", headers: Demo.bossdesk,
                                body: #"{"ticket":{"title":"x","lock_version":9223372036854775807}}"#)
        #expect(r.status == 409 || r.status == 204)
        #expect(try app.get("/__admin/health").status == 200)
    }
}
