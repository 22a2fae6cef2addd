import Foundation
import TestSupport

/// A StackOne caller for one tenant: its Basic header and account, and the JSON of each answer.
struct StackOneClient {
    static let base = "/stackone/unified/ticketing"
    let app: TestApp
    let headers: [(String, String)]
    let tenant: [String: Any]

    /// A new tenant of its own on `app`.
    init(_ app: TestApp) throws {
        self.app = app
        tenant = try app.createTenant()
        guard let h = dig(tenant, "stackone", "headers") as? [String: String] else { throw TestFailure("no stackone headers") }
        headers = h.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
    }

    var accountID: String { dig(tenant, "stackone", "account_id") as? String ?? "" }

    func get(_ path: String, extra: [(String, String)] = []) throws -> WireResponse {
        try app.get(Self.base + path, headers: headers + extra)
    }

    func post(_ path: String, _ body: String) throws -> WireResponse {
        try app.request("POST", Self.base + path, headers: headers, body: body)
    }

    func patch(_ path: String, _ body: String) throws -> WireResponse {
        try app.request("PATCH", Self.base + path, headers: headers, body: body)
    }

    /// Creates a ticket and answers its id.
    func createTicket(_ body: String = #"{"title":"Printer on fire","creator_id":"user-005","type":"ticket-type-003"}"#) throws -> String {
        let r = try post("/tickets", body)
        guard r.status == 201, let id = dig(r.json, "data", "id") as? String else { throw TestFailure("create failed: \(r.status) \(r.text)") }
        return id
    }

    /// Every item of a list, following `next` from page to page.
    func all(_ path: String, pageSize: Int) throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        var next: String?
        let joiner = path.contains("?") ? "&" : "?"
        var pages = 0
        repeat {
            // A cap, so that a paging bug fails here instead of looping until CI's time-out.
            pages += 1
            guard pages <= 1_000 else { throw TestFailure("\(path): still a next cursor after 1,000 pages") }
            let cursor = next.map { "&next=\($0)" } ?? ""
            let r = try get("\(path)\(joiner)page_size=\(pageSize)\(cursor)")
            guard r.status == 200 else { throw TestFailure("list failed: \(r.status) \(r.text)") }
            items += dig(r.json, "data") as? [[String: Any]] ?? []
            next = dig(r.json, "next") as? String
        } while next != nil
        return items
    }
}

/// The message of a StackOne error body.
func message(_ r: WireResponse) -> String? { dig(r.json, "message") as? String }
