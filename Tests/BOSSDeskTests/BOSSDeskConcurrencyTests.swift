import Dispatch
import Foundation
import Testing
import TestSupport
import UnderstudyCore

/// Races: many clients at once against one ticket, and creates across tenants.
@Suite struct BOSSDeskConcurrencyTests {
    @Test func sixtyFourRacingPatchesWithTheSameLockVersionLetExactlyOneWin() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try bd.createTicket()
        let statuses = Locked<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            let status = (try? bd.patch("/tickets/\(id)", #"{"ticket":{"title":"writer \#(i)","lock_version":0}}"#).status) ?? -1
            statuses.withLock { $0.append(status) }
        }
        let all = statuses.current
        #expect(all.filter { $0 == 204 }.count == 1)
        #expect(all.filter { $0 == 409 }.count == 63)
        let t = try bd.ticket(id)
        #expect(t["lock_version"] as? Int == 1)
        #expect((t["title"] as? String)?.hasPrefix("writer ") == true)
    }

    @Test func parallelCreatesInSixteenTenantsAllLandAndStayApart() throws {
        let app = try TestApp()
        let tenants = try (0..<16).map { _ in try BOSSDeskClient(app) }
        let created = Locked<[Int: [Int]]>([:])
        DispatchQueue.concurrentPerform(iterations: 16 * 8) { i in
            let t = i % 16
            if let id = try? tenants[t].createTicket(#""title":"tenant \#(t) ticket \#(i)","type_id":1,"priority_id":2"#) {
                created.withLock { $0[t, default: []].append(id) }
            }
        }
        let byTenant = created.current
        #expect(byTenant.values.map(\.count).reduce(0, +) == 128)
        for (t, ids) in byTenant {
            let titles = try ids.map { try tenants[t].ticket($0)["title"] as? String ?? "" }
            #expect(titles.allSatisfy { $0.hasPrefix("tenant \(t) ") })
            #expect(try tenants[t].get("/tickets?per_page=1").header("Total") == String(25 + ids.count))
        }
    }
}
