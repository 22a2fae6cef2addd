import HTTP1
import UnderstudyCore

/// The records one ticket's answer names (its lookups, the users on it and its comments, tasks and time entries,
/// its CIs as a ticket shows them), read under the tenant's lock so that ``TicketView/full(_:_:into:)`` can write
/// the answer after the lock is let go, on the connection's own loop.
struct ReadAhead: ViewSources, Sendable {
    typealias Failure = Never
    /// The lookup tables of `ticketTables`, in that order (shared with the process-wide cache, not copied).
    private let tables: [[Int: JSON]]
    /// The few users and CIs one ticket names, by friendly id.
    private var users: [(Int, JSON)] = []
    private var cis: [(Int, JSON)] = []

    /// The lookup tables a ticket's answer refers to (its CIs are shown as read under the lock).
    static let ticketTables = ["ticket_types", "helpdesk_priorities", "helpdesk_categories", "teams",
                               "helpdesk_extended_statuses", "groups", "tags", "task_types"]

    init(ticket t: JSON, _ c: Context) throws {
        tables = try c.ticketTables()
        // The members that name users and CIs, looked up (not every member compared with every name).
        var named: [JSON?] = [t["requester_id"], t["agent_id"]]
        for m in t["comments"]?.array ?? [] { named.append(m["created_by_id"]) }
        for k in t["tasks"]?.array ?? [] { named += [k["agent_id"], k["created_by_id"]] }
        for e in t["time_entries"]?.array ?? [] { named.append(e["agent_id"]) }
        let ciIDs = t["ci_ids"]?.array ?? []
        for id in named {
            if let n = id?.int, userDoc(n) == nil, let u = try c.userDoc(n) { users.append((n, u)) }
        }
        for id in ciIDs {
            if let n = id.int, let ci = try c.ciOnTicket(n) { cis.append((n, ci)) }
        }
    }

    func lookup(_ kind: String, _ id: Int?) -> JSON? {
        guard let id, let i = Self.ticketTables.firstIndex(of: kind) else { return nil }
        return tables[i][id]
    }
    func userDoc(_ id: Int?) -> JSON? { users.first { $0.0 == id }?.1 }
    func ciOnTicket(_ friendly: Int) -> JSON? { cis.first { $0.0 == friendly }?.1 }
}

extension TicketView {
    /// `full` as an answer whose body is built and written when the response is settled (after the lock).
    static func fullAnswer(_ status: Int, _ t: JSON, _ c: Context, headers: HTTPHeaders = [:]) throws -> Response {
        let sources = try ReadAhead(ticket: t, c)
        return JSONResponse.written(status, headers: headers) { full(t, sources, into: &$0) }
    }
}
