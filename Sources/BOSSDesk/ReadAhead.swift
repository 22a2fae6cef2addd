import HTTP1
import UnderstudyCore

/// The records one ticket's answer names (its lookups, the users on it and its comments, tasks and time entries,
/// its CIs as a ticket shows them), read under the tenant's lock so that ``TicketView/full(_:_:)`` can build and
/// write the answer after the lock is let go, on the connection's own loop.
struct ReadAhead: ViewSources, Sendable {
    typealias Failure = Never
    private var tables: [String: [Int: JSON]] = [:]
    private var users: [Int: JSON] = [:]
    private var cis: [Int: JSON] = [:]

    /// The lookup tables a ticket's answer refers to (its CIs are shown as read under the lock).
    static let ticketTables = ["ticket_types", "helpdesk_priorities", "helpdesk_categories", "teams",
                               "helpdesk_extended_statuses", "groups", "tags", "task_types"]

    init(ticket t: JSON, _ c: Context) throws {
        for kind in Self.ticketTables { tables[kind] = try c.lookups(kind) }
        var named = [t["requester_id"], t["agent_id"]]
        for m in t["comments"]?.array ?? [] { named.append(m["created_by_id"]) }
        for k in t["tasks"]?.array ?? [] { named += [k["agent_id"], k["created_by_id"]] }
        for e in t["time_entries"]?.array ?? [] { named.append(e["agent_id"]) }
        for id in named {
            if let n = id?.int, users[n] == nil, let u = try c.userDoc(n) { users[n] = u }
        }
        for id in t["ci_ids"]?.array ?? [] {
            if let n = id.int, let ci = try c.ciOnTicket(n) { cis[n] = ci }
        }
    }

    func lookup(_ kind: String, _ id: Int?) -> JSON? { id.flatMap { tables[kind]?[$0] } }
    func userDoc(_ friendly: Int?) -> JSON? { friendly.flatMap { users[$0] } }
    func ciOnTicket(_ friendly: Int) -> JSON? { cis[friendly] }
}

extension TicketView {
    /// `full` as an answer whose body is built and written when the response is settled (after the lock).
    static func fullAnswer(_ status: Int, _ t: JSON, _ c: Context, headers: HTTPHeaders = [:]) throws -> Response {
        let sources = try ReadAhead(ticket: t, c)
        return JSONResponse.later(status, headers: headers) { full(t, sources) }
    }
}
