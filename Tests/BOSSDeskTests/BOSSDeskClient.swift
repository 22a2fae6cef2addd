import Foundation
import TestSupport

/// BOSSDesk calls for one tenant as one of its three users (agent, end_user, restricted_agent).
/// (`@unchecked Sendable`: its tenant object is read-only after `init`.)
struct BOSSDeskClient: @unchecked Sendable {
    static let base = "/bossdesk/api/v1"
    let app: TestApp
    let tenant: [String: Any]
    var role = "agent"

    init(_ app: TestApp) throws {
        self.app = app
        tenant = try app.createTenant()
    }

    func `as`(_ role: String) -> BOSSDeskClient {
        var c = self
        c.role = role
        return c
    }

    var headers: [(String, String)] {
        [("Authorization", dig(tenant, "bossdesk", role, "headers", "Authorization") as? String ?? "")]
    }

    func credential(_ key: String) -> String { dig(tenant, "bossdesk", role, key) as? String ?? "" }

    func get(_ path: String) throws -> WireResponse { try app.get(Self.base + path, headers: headers) }
    func post(_ path: String, _ body: String) throws -> WireResponse { try app.request("POST", Self.base + path, headers: headers, body: body) }
    func patch(_ path: String, _ body: String) throws -> WireResponse { try app.request("PATCH", Self.base + path, headers: headers, body: body) }

    /// Creates a ticket and answers its friendly id.
    func createTicket(_ fields: String = #""title":"Mouse will not click","type_id":1,"priority_id":2"#) throws -> Int {
        let r = try post("/tickets", #"{"ticket":{\#(fields)}}"#)
        guard r.status == 201, let id = dig(r.json, "friendly_id") as? Int else { throw TestFailure("create failed: \(r.status) \(r.text)") }
        return id
    }

    func ticket(_ id: Int) throws -> [String: Any] {
        guard let t = try get("/tickets/\(id)").json as? [String: Any] else { throw TestFailure("no ticket \(id)") }
        return t
    }
}

/// `errors.<field>` of a Rails error body.
func errors(_ r: WireResponse, _ field: String) -> [String]? { dig(r.json, "errors", field) as? [String] }

/// Friendly ids of a list answer.
func friendlyIDs(_ r: WireResponse) -> [Int] { (r.json as? [[String: Any]] ?? []).compactMap { $0["friendly_id"] as? Int } }
