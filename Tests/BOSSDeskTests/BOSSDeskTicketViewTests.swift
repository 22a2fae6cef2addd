import Foundation
import HTTP1
import Storage
import Testing
@testable import BOSSDesk
import UnderstudyCore

/// A whole ticket as its answer shows it (``TicketView/full(_:_:)``), built from the tenant's records.
@Suite struct BOSSDeskTicketViewTests {
    static let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("seeds").path

    static func context() throws -> Context {
        let db = try Simulator.buildTemplate(apis: [BOSSDeskAPI()], fixtures: seeds)
        let store = RecordStore(TenantDatabase(db), table: BOSSDeskAPI.table)
        let request = APIRequest(http: Request(method: "GET", target: "/"), api: "bossdesk", path: "/", tenant: nil, now: 0, id: 1)
        let user = try #require(try Users.byUsername("jackpot", store: store))
        return Context(store: store, request: request, user: user)
    }

    static let members = ["id", "friendly_id", "title", "description", "status", "source", "custom_fields", "created_at",
                          "updated_at", "due_at", "closed_at", "lock_version", "type", "priority", "category", "agent", "team",
                          "extended_status", "requester", "comments", "tags", "attachments", "time_entries", "tasks", "problem",
                          "change", "approval_requests", "cis"]

    @Test func everySeededTicketShowsEveryMemberOfTheSeedsAnswerInItsOrder() throws {
        let c = try Self.context()
        let tickets = try c.store.list(RecordQuery(kind: Kind.ticket))
        #expect(tickets.count >= 20)
        for t in tickets {
            let shown = try TicketView.full(t.doc, c)
            #expect(shown.object?.map(\.0) == Self.members, "ticket \(t.key)")
            #expect(shown["type"]?["name"]?.string != nil, "ticket \(t.key)")
        }
    }

    @Test func aTicketNamingUnknownUsersAndCIsShowsNullAndLeavesTheCIOut() throws {
        let c = try Self.context()
        let withParts = try #require(try c.store.list(RecordQuery(kind: Kind.ticket)).first {
            !($0.doc["comments"]?.array ?? []).isEmpty && !($0.doc["tasks"]?.array ?? []).isEmpty
                && !($0.doc["time_entries"]?.array ?? []).isEmpty
        })
        var doc = withParts.doc
        let ci = try #require(try c.store.list(RecordQuery(kind: Kind.ci)).first)
        doc.set("ci_ids", [.int(ci.seq), 9999])
        doc.set("agent_id", 9998)
        var comments = doc["comments"]?.array ?? []
        comments.append(["id": 1, "body": "x", "created_by_id": 9997])
        doc.set("comments", .array(comments))
        let shown = try TicketView.full(doc, c)
        #expect(shown["cis"]?.array?.count == 1)
        #expect(shown["agent"] == .null)
        #expect(shown["comments"]?.array?.last?["created_by"] == .null)
        #expect(shown["tasks"]?.array?.count == doc["tasks"]?.array?.count)
        #expect(shown["time_entries"]?.array?.count == doc["time_entries"]?.array?.count)
    }

    @Test func theLookupBundleIsOnlyForTheKindsItWasKeptFor() {
        let cache = LookupCache()
        #expect(cache.bundle(["teams", "tags"]) == nil)
        cache.store("teams", [1: ["id": 1, "name": "Service Desk"]])
        cache.store("tags", [2: ["id": 2, "name": "vpn"]])
        let kept = cache.keepBundle(["teams", "tags"])
        #expect(kept.map { $0.keys.sorted() } == [[1], [2]])
        #expect(cache.bundle(["teams", "tags"])?[1][2]?["name"] == "vpn")
        #expect(cache.bundle(["teams", "groups"]) == nil)
        #expect(cache.bundle(["teams"]) == nil)
    }
}
