import Foundation
import HTTP1
import Storage
import Testing
@testable import BOSSDesk
import UnderstudyCore

/// A ticket's answer is built after the tenant's lock is let go, from what was read ahead under it
/// (``ReadAhead``): it must be exactly the answer built from the live store.
@Suite struct BOSSDeskReadAheadTests {
    static let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("seeds").path

    static func context() throws -> Context {
        let db = try Simulator.buildTemplate(apis: [BOSSDeskAPI()], fixtures: seeds)
        let store = RecordStore(TenantDatabase(db), table: BOSSDeskAPI.table)
        let request = APIRequest(http: Request(method: "GET", target: "/"), api: "bossdesk", path: "/", tenant: nil, now: 0, id: 1)
        let user = try #require(try Users.byUsername("jackpot", store: store))
        return Context(store: store, request: request, user: user)
    }

    /// A ticket's whole answer, written from these sources and read back.
    static func full<S: ViewSources>(_ t: JSON, _ sources: S) throws -> JSON {
        var out = JSONText()
        try TicketView.full(t, sources, into: &out)
        return try JSONParser.parse(out.bytes)
    }

    @Test func everySeededTicketReadsTheSameReadAheadAsLive() throws {
        let c = try Self.context()
        let tickets = try c.store.list(RecordQuery(kind: Kind.ticket))
        #expect(tickets.count >= 20)
        for t in tickets {
            #expect(try Self.full(t.doc, try ReadAhead(ticket: t.doc, c)) == (try Self.full(t.doc, c)), "ticket \(t.key)")
        }
    }

    @Test func aTicketWithCIsUnknownUsersAndEveryPartReadsTheSameReadAheadAsLive() throws {
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
        let live = try Self.full(doc, c)
        #expect(live["cis"]?.array?.count == 1)
        #expect(try Self.full(doc, try ReadAhead(ticket: doc, c)) == live)
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
