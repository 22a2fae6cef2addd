import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing
import TestSupport
import UnderstudyCore

/// A request whose tenant's database is in use is queued for the thread using it (`Tenant.perform`); the event
/// loop that read it goes on with its other connections.
@Suite struct BusyTenantTests {
    struct FleetioTenant {
        let app: TestApp
        let id: String
        let headers: [(String, String)]
        let faultBody: String

        init(_ app: TestApp) throws {
            let t = try app.createTenant()
            self.app = app
            id = t["id"] as! String
            headers = [("Authorization", dig(t, "fleetio", "headers", "Authorization") as! String),
                       ("Account-Token", dig(t, "fleetio", "headers", "Account-Token") as! String)]
            let vehicle = dig(t, "fixtures", "fleetio", "vehicle_ids", 0) as! Int
            let code = dig(t, "fixtures", "fleetio", "fault_rule_codes", 0) as! String
            faultBody = #"{"vehicle_id":\#(vehicle),"code":"\#(code)","count":1}"#
        }

        func createFault() throws -> WireResponse { try app.post("/fleetio/api/v1/faults", faultBody, headers: headers) }
        func get(_ path: String) throws -> WireResponse { try app.get("/fleetio/api/v1" + path, headers: headers) }
    }

    /// Holds `tenant`'s database on this thread, starts `requests` on other threads, waits until `queued` of them
    /// are queued for it, runs `meanwhile`, then lets go; returns the answers.
    private func whileBusy(_ tenant: Tenant, requests: Int, queued: Int, send: @escaping @Sendable (Int) throws -> WireResponse,
                           meanwhile: () throws -> Void = {}) throws -> [WireResponse] {
        let answers = Mutex<[WireResponse]>([])
        let group = DispatchGroup()
        try tenant.withDatabase { _ in
            for i in 0..<requests {
                // A thread each (not a dispatch queue, which starts only as many as there are cores at first).
                group.enter()
                Thread {
                    if let r = try? send(i) { answers.withLock { $0.append(r) } }
                    group.leave()
                }.start()
            }
            let deadline = Date().addingTimeInterval(5)
            while tenant.queuedWork < queued && Date() < deadline { usleep(1_000) }
            #expect(tenant.queuedWork == queued)
            try meanwhile()
        }
        #expect(group.wait(timeout: .now() + 10) == .success)
        return answers.withLock { $0 }
    }

    @Test func createsQueuedBehindABusyTenantAreEachAnsweredOnTheirOwnConnection() throws {
        let app = try TestApp()
        let fleet = try FleetioTenant(app)
        let answers = try whileBusy(try app.tenant(fleet.id), requests: 4, queued: 4, send: { _ in try fleet.createFault() })
        #expect(answers.map(\.status) == [201, 201, 201, 201])
        let ids = Set(answers.compactMap { ($0.json as? [String: Any])?["id"] as? Int })
        #expect(ids.count == 4)
        for id in ids { #expect(try fleet.get("/faults/\(id)").status == 200) }
    }

    @Test func queuedRequestsAreJournaledWithTheirAnswers() throws {
        let app = try TestApp()
        let fleet = try FleetioTenant(app)
        _ = try whileBusy(try app.tenant(fleet.id), requests: 2, queued: 2, send: { _ in try fleet.createFault() })
        let journal = try app.get("/__admin/requests?tenant=\(fleet.id)&method=POST")
        let creates = (journal.json as? [String: Any])?["requests"] as? [[String: Any]] ?? []
        #expect(creates.map { $0["status"] as? Int } == [201, 201])
    }

    struct StackOneTenant {
        let app: TestApp
        let id: String
        let headers: [(String, String)]

        init(_ app: TestApp) throws {
            let t = try app.createTenant()
            self.app = app
            id = t["id"] as! String
            headers = (dig(t, "stackone", "headers") as! [String: String]).map { ($0.key, $0.value) }
        }

        func createTicket(type: String) throws -> WireResponse {
            try app.post("/stackone/unified/ticketing/tickets", #"{"title":"queued","creator_id":"user-005","type":"\#(type)"}"#,
                         headers: headers)
        }
    }

    // Queued requests run in one transaction (one commit); one that fails after writing (a StackOne create with
    // an unknown type has already drawn its ticket numbers) must leave no trace, and the others exactly one each.
    @Test func aQueuedRequestFailingAfterItWroteLeavesNoTraceAndTheOthersAreStoredOnce() throws {
        let app = try TestApp()
        let desk = try StackOneTenant(app)
        let answers = try whileBusy(try app.tenant(desk.id), requests: 5, queued: 5, send: { i in
            try desk.createTicket(type: i == 2 ? "no-such-type" : "ticket-type-003")
        })
        #expect(answers.map(\.status).sorted() == [201, 201, 201, 201, 400])
        let remoteIDs = answers.compactMap { (($0.json as? [String: Any])?["data"] as? [String: Any])?["remote_id"] as? String }
            .compactMap { Int($0) }.sorted()
        #expect(remoteIDs.count == 4)
        #expect(remoteIDs.last.map { $0 - remoteIDs[0] } == 3)   // consecutive: the failed one's number was given back
        let next = try desk.createTicket(type: "ticket-type-003")
        let nextID = ((next.json as? [String: Any])?["data"] as? [String: Any])?["remote_id"] as? String
        #expect(nextID.flatMap { Int($0) } == remoteIDs.last.map { $0 + 1 })
    }

    @Test func aQueuedRequestRefusedBeforeWritingLeavesTheOthersStored() throws {
        let app = try TestApp()
        let fleet = try FleetioTenant(app)
        let bad = #"{"vehicle_id":0,"code":"P0420","count":1}"#
        let answers = try whileBusy(try app.tenant(fleet.id), requests: 4, queued: 4, send: { i in
            i == 1 ? try app.post("/fleetio/api/v1/faults", bad, headers: fleet.headers) : try fleet.createFault()
        })
        #expect(answers.map(\.status).sorted() == [201, 201, 201, 422])
        for answer in answers where answer.status == 201 {
            let id = try #require(((answer.json as? [String: Any])?["id"] as? Int))
            #expect(try fleet.get("/faults/\(id)").status == 200)
        }
    }

    // Writes wait for the end of the loop's round; a read pipelined behind a write on the same connection must
    // still see it, and a read before it must not.
    @Test func aReadPipelinedAfterAWriteOnOneConnectionSeesIt() throws {
        let app = try TestApp()
        let fleet = try FleetioTenant(app)
        func raw(_ method: String, _ path: String, _ body: String? = nil) -> String {
            var text = "\(method) /fleetio/api/v1\(path) HTTP/1.1\r\nHost: localhost\r\nX-Api-Version: 2023-03-01\r\n"
            for (k, v) in fleet.headers { text += "\(k): \(v)\r\n" }
            if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
            return text + "\r\n" + (body ?? "")
        }
        let count = { (r: WireResponse) -> Int? in r.header("X-Pagination-Total-Count").flatMap { Int($0) } }
        let client = try RawClient(port: app.port)
        client.send(raw("GET", "/faults") + raw("POST", "/faults", fleet.faultBody) + raw("GET", "/faults"))
        let before = try client.readResponse()
        let created = try client.readResponse()
        let after = try client.readResponse()
        #expect(created.status == 201)
        let n = try #require(count(before))
        #expect(count(after) == n + 1)
    }

    @Test func aBusyTenantHoldsUpNeitherOtherTenantsNorTheAdminAPI() throws {
        let app = try TestApp()
        let busy = try FleetioTenant(app)
        let other = try FleetioTenant(app)
        let answers = try whileBusy(try app.tenant(busy.id), requests: 2, queued: 2, send: { _ in try busy.get("/faults") }, meanwhile: { () throws -> Void in
            // Several fresh connections, so both event loops (each holding a queued request) answer them.
            for _ in 0..<4 {
                #expect(try other.get("/faults").status == 200)
                #expect(try app.get("/__admin/health").status == 200)
            }
        })
        #expect(answers.map(\.status) == [200, 200])
    }
}
