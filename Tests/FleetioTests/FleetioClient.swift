import Foundation
import TestSupport
import UnderstudyCore

/// One simulator for the whole Fleetio suite; each test takes a fresh tenant, so tests never share data.
let sharedApp: TestApp = {
    do { return try TestApp() } catch { fatalError("cannot start the simulator: \(error)") }
}()

/// A Fleetio client for one new tenant, speaking to `/fleetio` with that tenant's headers.
struct Fleet {
    let app = sharedApp
    let tenantID: String
    let tenant: [String: Any]
    let headers: [(String, String)]
    let readOnlyHeaders: [(String, String)]

    init() throws {
        tenant = try app.createTenant()
        tenantID = tenant["id"] as! String
        headers = [("Authorization", dig(tenant, "fleetio", "headers", "Authorization") as! String),
                   ("Account-Token", dig(tenant, "fleetio", "headers", "Account-Token") as! String)]
        readOnlyHeaders = [("Authorization", dig(tenant, "fleetio", "read_only", "headers", "Authorization") as! String),
                           ("Account-Token", dig(tenant, "fleetio", "read_only", "headers", "Account-Token") as! String)]
    }

    func call(_ method: String, _ path: String, _ body: String? = nil, headers extra: [(String, String)]? = nil, add: [(String, String)] = []) throws -> WireResponse {
        try app.request(method, "/fleetio" + path, headers: (extra ?? headers) + add, body: body)
    }
    func get(_ path: String, add: [(String, String)] = []) throws -> WireResponse { try call("GET", path, add: add) }
    func post(_ path: String, _ body: String, add: [(String, String)] = []) throws -> WireResponse { try call("POST", path, body, add: add) }
    func patch(_ path: String, _ body: String) throws -> WireResponse { try call("PATCH", path, body) }
    func delete(_ path: String) throws -> WireResponse { try call("DELETE", path) }

    var vehicleIDs: [Int] { dig(tenant, "fixtures", "fleetio", "vehicle_ids") as! [Int] }
    var contactIDs: [Int] { dig(tenant, "fixtures", "fleetio", "contact_ids") as! [Int] }
    var labelIDs: [Int] { dig(tenant, "fixtures", "fleetio", "label_ids") as! [Int] }
    var priorityIDs: [Int] { dig(tenant, "fixtures", "fleetio", "issue_priority_ids") as! [Int] }
    var ruleCodes: [String] { dig(tenant, "fixtures", "fleetio", "fault_rule_codes") as! [String] }

    /// Creates an issue on v1 with the required fields plus `extra` (a JSON fragment starting with a comma).
    func createIssue(_ extra: String = "") throws -> [String: Any] {
        let r = try post("/api/v1/issues", #"{"vehicle_id":\#(vehicleIDs[0]),"summary":"Brake noise","reported_at":"2026-01-05T10:00:00Z"\#(extra)}"#)
        guard r.status == 201, let o = r.json as? [String: Any] else { throw TestFailure("create failed: \(r.status) \(r.text)") }
        return o
    }

    /// Moves this tenant's clock.
    func setClock(_ body: String) throws {
        let r = try app.post("/__admin/tenants/\(tenantID)/clock", body)
        guard r.status == 200 else { throw TestFailure("clock: \(r.status) \(r.text)") }
    }
}

extension WireResponse {
    /// The body as a JSON object.
    var object: [String: Any] { (json as? [String: Any]) ?? [:] }
    /// The body's `errors` object (422).
    var errors: [String: [String]] { (object["errors"] as? [String: [String]]) ?? [:] }
}
