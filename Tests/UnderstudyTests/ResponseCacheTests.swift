import Dispatch
import Foundation
import HTTP1
import Testing
import TestSupport
import UnderstudyCore

/// The Router's per-tenant cache of GET answers: served again only while nothing the answer depended on has changed.
/// Each test runs its own simulator (its own global clock) and speaks as the demo tenant.
@Suite struct ResponseCacheTests {
    private let fleetio = [("Authorization", "Token demo-fleetio-key"), ("Account-Token", "demo-fleetio-account")]
    private let stackone = [("Authorization", "Basic " + Base64.encode("demo-stackone-key:")), ("x-account-id", "demo-stackone-account")]
    private let agent = [("Authorization", #"Token token="demo-bossdesk-agent-key""#)]
    private let limited = [("Authorization", #"Token token="demo-bossdesk-limited-key""#)]

    private func hits(_ app: TestApp) throws -> Int { try app.tenant("demo").responses.hits }

    private func createIssue(_ app: TestApp, due: String) throws -> Int {
        let vehicle = try #require((dig(try app.get("/__admin/tenants/demo").json, "fixtures", "fleetio", "vehicle_ids") as? [Int])?.first)
        let r = try app.post("/fleetio/api/v1/issues", #"{"vehicle_id":\#(vehicle),"summary":"Brake noise","reported_at":"2026-01-05T10:00:00Z","due_date":"\#(due)"}"#, headers: fleetio)
        #expect(r.status == 201)
        return try #require(dig(r.json, "id") as? Int)
    }

    @Test func aRepeatedReadIsServedFromTheCacheWithTheSameBytes() throws {
        let app = try TestApp()
        let first = try app.get("/bossdesk/api/v1/tickets/3", headers: agent)
        let before = try hits(app)
        let second = try app.get("/bossdesk/api/v1/tickets/3", headers: agent)
        #expect(first.status == 200)
        #expect(second.body == first.body)
        #expect(try hits(app) == before + 1)
    }

    /// Writes that run as one batch put their rows off until its commit, outside every request's own use of the
    /// database: each must still move the generation, or an answer cached before would be served again.
    @Test func writesRunAsOneBatchMoveTheTenantsGeneration() throws {
        let app = try TestApp()
        let tenant = try app.tenant("demo")
        let before = tenant.generation
        let done = DispatchSemaphore(value: 0)
        let queued = DispatchSemaphore(value: 0)
        let home: CombiningLock.Home = { work in DispatchQueue.global().async(execute: work) }
        tenant.withDatabase { _ in
            // Queued from another thread while the database is held, so both run as one batch when it is let go.
            DispatchQueue.global().async {
                for i in 1...2 {
                    _ = tenant.perform({
                        tenant.withDatabase { db in
                            try? db.transaction { try RecordStore(db, table: "bossdesk_records").insert("probe", seq: i, key: "probe-\(i)", doc: [:]) }
                        }
                    }, home: home, gather: true, then: { _ in done.signal() })
                }
                queued.signal()
            }
            queued.wait()
        }
        for _ in 1...2 { #expect(done.wait(timeout: .now() + 5) == .success) }
        #expect(tenant.generation != before)
        #expect(try tenant.withDatabase { try RecordStore($0, table: "bossdesk_records").count(RecordQuery(kind: "probe")) } == 2)
    }

    @Test func aWriteIsSeenByTheNextRead() throws {
        let app = try TestApp()
        let id = try createIssue(app, due: "2030-01-01")
        #expect(dig(try app.get("/fleetio/api/v1/issues/\(id)", headers: fleetio).json, "summary") as? String == "Brake noise")
        let patch = try app.request("PATCH", "/fleetio/api/v1/issues/\(id)", headers: fleetio, body: #"{"summary":"Squeal"}"#)
        #expect(patch.status == 200)
        #expect(dig(try app.get("/fleetio/api/v1/issues/\(id)", headers: fleetio).json, "summary") as? String == "Squeal")
    }

    @Test func anotherUsersReadIsNotAnsweredWithTheFirstUsersAnswer() throws {
        let app = try TestApp()
        #expect(try app.get("/bossdesk/api/v1/tickets/3", headers: agent).status == 200)
        #expect(try app.get("/bossdesk/api/v1/tickets/3", headers: agent).status == 200)
        #expect(try app.get("/bossdesk/api/v1/tickets/3", headers: limited).status == 403)
    }

    @Test func overdueFlipsWhenTheGlobalClockPassesTheDueDateWithoutAnyWrite() throws {
        let app = try TestApp()
        #expect(try app.post("/__admin/clock", #"{"now":"2030-03-01T12:00:00Z","frozen":true}"#).status == 200)
        let id = try createIssue(app, due: "2030-03-02")
        #expect(dig(try app.get("/fleetio/api/v1/issues/\(id)", headers: fleetio).json, "overdue") as? Bool == false)
        #expect(dig(try app.get("/fleetio/api/v1/issues/\(id)", headers: fleetio).json, "overdue") as? Bool == false)
        #expect(try app.post("/__admin/clock", #"{"advance_s":172800}"#).status == 200)
        #expect(dig(try app.get("/fleetio/api/v1/issues/\(id)", headers: fleetio).json, "overdue") as? Bool == true)
    }

    @Test func aReadOnTheSameDayIsStillServedFromTheCache() throws {
        let app = try TestApp()
        #expect(try app.post("/__admin/clock", #"{"now":"2030-03-01T12:00:00Z","frozen":true}"#).status == 200)
        let id = try createIssue(app, due: "2030-03-02")
        _ = try app.get("/fleetio/api/v1/issues/\(id)", headers: fleetio)
        #expect(try app.post("/__admin/clock", #"{"advance_s":3600}"#).status == 200)
        let before = try hits(app)
        _ = try app.get("/fleetio/api/v1/issues/\(id)", headers: fleetio)
        #expect(try hits(app) == before + 1)
    }

    @Test func anExpiredBearerTokenIsRefusedEvenAfterItsReadsWereKept() throws {
        let app = try TestApp()
        let c = try RawClient(port: app.port)
        let form = "grant_type=client_credentials&client_id=demo-jifeline-client&client_secret=demo-jifeline-secret"
        c.send("POST /jifeline/oauth2/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n\r\n\(form)")
        let token = try #require(dig(try c.readResponse().json, "access_token") as? String)
        let bearer = [("Authorization", "Bearer \(token)")]
        let ticket = try #require((dig(try app.get("/__admin/tenants/demo").json, "fixtures", "jifeline", "ticket_ids") as? [String])?.first)
        #expect(try app.get("/jifeline/v2/tickets/tickets/\(ticket)", headers: bearer).status == 200)
        #expect(try app.get("/jifeline/v2/tickets/tickets/\(ticket)", headers: bearer).status == 200)
        #expect(try app.post("/__admin/clock", #"{"advance_s":3601}"#).status == 200)
        #expect(try app.get("/jifeline/v2/tickets/tickets/\(ticket)", headers: bearer).status == 401)
    }

    @Test func anAnswerThatShowsTheTimeIsNeverKept() throws {
        let app = try TestApp()
        let first = try app.get("/stackone/unified/ticketing/tickets/no-such-ticket", headers: stackone)
        #expect(first.status == 404)
        let before = try hits(app)
        _ = try app.get("/stackone/unified/ticketing/tickets/no-such-ticket", headers: stackone)
        #expect(try hits(app) == before)
    }

    @Test func scenariosStillAnswerReadsThatWereKept() throws {
        let app = try TestApp()
        #expect(try app.get("/bossdesk/api/v1/tickets/3", headers: agent).status == 200)
        let rule = #"{"name":"down","rules":[{"match":{"api":"bossdesk"},"respond":{"error":"unavailable"}}]}"#
        #expect(try app.post("/__admin/scenarios", rule).status == 201)
        #expect(try app.get("/bossdesk/api/v1/tickets/3", headers: agent).status == 503)
    }

    @Test func everyReadServedFromTheCacheIsJournaled() throws {
        let app = try TestApp()
        for _ in 0..<3 { _ = try app.get("/bossdesk/api/v1/tickets/3", headers: agent) }
        let entries = try #require(dig(try app.get("/__admin/requests?api=bossdesk").json, "requests") as? [Any])
        #expect(entries.count == 3)
    }

    @Test func underConcurrentWritesEveryClientReadsItsOwnLastWrite() throws {
        let app = try TestApp()
        let clients = 8, rounds = 40
        let ids = try (0..<clients).map { _ in try createIssue(app, due: "2030-01-01") }
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: clients) { i in
            for round in 0..<rounds {
                let summary = "client \(i) round \(round)"
                do {
                    let patch = try app.request("PATCH", "/fleetio/api/v1/issues/\(ids[i])", headers: fleetio, body: #"{"summary":"\#(summary)"}"#)
                    let seen = dig(try app.get("/fleetio/api/v1/issues/\(ids[i])", headers: fleetio).json, "summary") as? String
                    if patch.status != 200 || seen != summary { failures.withLock { $0.append("\(summary): \(patch.status) \(seen ?? "nil")") } }
                } catch {
                    failures.withLock { $0.append("\(summary): \(error)") }
                }
            }
        }
        #expect(failures.current.isEmpty, "\(failures.current.prefix(5))")
    }

    @Test func restoringASnapshotIsSeenByTheNextRead() throws {
        let app = try TestApp()
        #expect(try app.post("/__admin/tenants/demo/snapshots", #"{"name":"before"}"#).status == 201)
        let patch = try app.request("PATCH", "/bossdesk/api/v1/tickets/3", headers: agent, body: #"{"ticket":{"title":"Changed"}}"#)
        #expect(patch.status == 204)
        #expect(dig(try app.get("/bossdesk/api/v1/tickets/3", headers: agent).json, "title") as? String == "Changed")
        #expect(try app.post("/__admin/tenants/demo/restore", #"{"name":"before"}"#).status == 200)
        #expect(dig(try app.get("/bossdesk/api/v1/tickets/3", headers: agent).json, "title") as? String != "Changed")
    }
}

/// The cache on its own: generations, intervals, limits.
@Suite struct ResponseCacheUnitTests {
    private let key: [UInt8] = Array("/x".utf8)
    private let ok = Response(status: 200, body: Array("{}".utf8))

    @Test func anAnswerStoredAtAnOlderGenerationIsNotServed() {
        let cache = ResponseCache()
        cache.store(ok, for: key, generation: 1, current: 1, validity: -.infinity ... .infinity)
        #expect(cache.answer(for: key, generation: 1, now: 0) != nil)
        #expect(cache.answer(for: key, generation: 2, now: 0) == nil)
    }

    @Test func askingAtANewerGenerationGivesTheOlderAnswersBytesBack() {
        let budget = ResponseCache.Budget(limit: ResponseCache.maxProcessBytes)
        let cache = ResponseCache(budget: budget)
        cache.store(ok, for: key, generation: 1, current: 1, validity: -.infinity ... .infinity)
        #expect(cache.heldBytes == ok.body.count)
        #expect(cache.answer(for: key, generation: 2, now: 0) == nil)
        #expect(cache.heldBytes == 0)
        #expect(budget.held == 0)
    }

    @Test func anAnswerComputedWhileTheTenantChangedIsDropped() {
        let cache = ResponseCache()
        cache.store(ok, for: key, generation: 1, current: 2, validity: -.infinity ... .infinity)
        #expect(cache.answer(for: key, generation: 1, now: 0) == nil)
        #expect(cache.answer(for: key, generation: 2, now: 0) == nil)
    }

    @Test func anAnswerIsServedOnlyInsideItsInterval() {
        let cache = ResponseCache()
        cache.store(ok, for: key, generation: 0, current: 0, validity: 100 ... 200)
        #expect(cache.answer(for: key, generation: 0, now: 99) == nil)
        #expect(cache.answer(for: key, generation: 0, now: 150) != nil)
        #expect(cache.answer(for: key, generation: 0, now: 200) == nil)
    }

    @Test func aFaultOrDelayedAnswerIsNotKept() {
        let cache = ResponseCache()
        cache.store(Response(status: 200, delayMilliseconds: 5), for: key, generation: 0, current: 0, validity: 0 ... 1)
        cache.store(Response(status: 200, fault: .hang), for: Array("/y".utf8), generation: 0, current: 0, validity: 0 ... 1)
        #expect(cache.answer(for: key, generation: 0, now: 0.5) == nil)
        #expect(cache.answer(for: Array("/y".utf8), generation: 0, now: 0.5) == nil)
    }

    @Test func theCacheNeverHoldsMoreThanItsLimit() {
        let cache = ResponseCache()
        for i in 0..<(ResponseCache.maxEntries * 2) {
            cache.store(ok, for: Array("/\(i)".utf8), generation: 0, current: 0, validity: 0 ... 1)
        }
        let kept = (0..<(ResponseCache.maxEntries * 2)).filter { cache.answer(for: Array("/\($0)".utf8), generation: 0, now: 0.5) != nil }
        #expect(kept.count <= ResponseCache.maxEntries)
        #expect(kept.contains(ResponseCache.maxEntries * 2 - 1))
    }

    @Test func theCacheNeverHoldsMoreBytesThanItsLimit() {
        let cache = ResponseCache()
        let big = Response(status: 200, body: Array(repeating: 0x20, count: ResponseCache.maxBodyBytes))
        for i in 0..<(ResponseCache.maxTotalBytes / ResponseCache.maxBodyBytes * 3) {
            cache.store(big, for: Array("/\(i)".utf8), generation: 0, current: 0, validity: 0 ... 1)
            #expect(cache.heldBytes <= ResponseCache.maxTotalBytes)
        }
    }

    @Test func cachesSharingABudgetNeverHoldMoreThanItTogether() {
        let budget = ResponseCache.Budget(limit: 4 * ResponseCache.maxBodyBytes)
        let big = Response(status: 200, body: Array(repeating: 0x20, count: ResponseCache.maxBodyBytes))
        var caches = (0..<3).map { _ in ResponseCache(budget: budget) }
        for cache in caches {
            for i in 0..<3 {
                cache.store(big, for: Array("/\(i)".utf8), generation: 0, current: 0, validity: 0 ... 1)
                #expect(budget.held <= budget.limit)
            }
        }
        #expect(budget.held == budget.limit)
        #expect(caches[1].heldBytes == ResponseCache.maxBodyBytes)
        #expect(caches[2].heldBytes == 0)
        caches.removeFirst()
        #expect(budget.held == budget.limit - 3 * ResponseCache.maxBodyBytes)
    }

    @Test func onlyBodilessGetsHaveAKey() {
        #expect(ResponseCache.key(for: Request(method: "GET", target: "/a")) != nil)
        #expect(ResponseCache.key(for: Request(method: "POST", target: "/a")) == nil)
        var withBody = Request(method: "GET", target: "/a")
        withBody.body = [1]
        #expect(ResponseCache.key(for: withBody) == nil)
    }

    @Test func readingTheDayKeepsTheAnswerForThatDayOnly() {
        let r = APIRequest(http: Request(method: "GET", target: "/"), api: "x", path: "/", tenant: nil, now: 86_400 * 3 + 10, id: 1)
        #expect(r.day() == "1970-01-04")
        #expect(r.dependencies.validity == 86_400 * 3 ... 86_400 * 4)
    }

    @Test func readingTheExactTimeKeepsTheAnswerForNoTimeAtAll() {
        let r = APIRequest(http: Request(method: "GET", target: "/"), api: "x", path: "/", tenant: nil, now: 50, id: 1)
        _ = r.now
        let v = r.dependencies.validity
        #expect(!(v.lowerBound < v.upperBound))
    }

    @Test func askingWhetherAnInstantHasPassedKeepsTheAnswerUntilItDoes() {
        let r = APIRequest(http: Request(method: "GET", target: "/"), api: "x", path: "/", tenant: nil, now: 50, id: 1)
        #expect(r.hasPassed(80) == false)
        #expect(r.dependencies.validity.upperBound == 80)
    }
}
