import HTTP1
import UnderstudyCore

/// The records one ticket's answer names (its lookups, the users on it and its comments, tasks and time entries,
/// its CIs as a ticket shows them), read under the tenant's lock so that ``TicketView/full(_:_:)`` can build and
/// write the answer after the lock is let go, on the connection's own loop.
struct ReadAhead: ViewSources, Sendable {
    typealias Failure = Never
    /// The lookup tables (shared with the process-wide cache, not copied).
    private let tables: [String: [Int: JSON]]
    /// The few users and CIs one ticket names, by friendly id.
    private var users: [(Int, JSON)] = []
    private var cis: [(Int, JSON)] = []

    /// The lookup tables a ticket's answer refers to (its CIs are shown as read under the lock).
    static let ticketTables = ["ticket_types", "helpdesk_priorities", "helpdesk_categories", "teams",
                               "helpdesk_extended_statuses", "groups", "tags", "task_types"]

    init(ticket t: JSON, _ c: Context) throws {
        tables = try c.lookupTables(Self.ticketTables)
        var named: [JSON?] = []
        var ciIDs: [JSON] = []
        for (key, value) in t.object ?? [] {
            switch key {
            case "requester_id", "agent_id": named.append(value)
            case "comments": for m in value.array ?? [] { named.append(m["created_by_id"]) }
            case "tasks": for k in value.array ?? [] { named += [k["agent_id"], k["created_by_id"]] }
            case "time_entries": for e in value.array ?? [] { named.append(e["agent_id"]) }
            case "ci_ids": ciIDs = value.array ?? []
            default: break
            }
        }
        for id in named {
            if let n = id?.int, userDoc(n) == nil, let u = try c.userDoc(n) { users.append((n, u)) }
        }
        for id in ciIDs {
            if let n = id.int, let ci = try c.ciOnTicket(n) { cis.append((n, ci)) }
        }
    }

    func lookup(_ kind: String, _ id: Int?) -> JSON? { id.flatMap { tables[kind]?[$0] } }
    func userDoc(_ friendly: Int?) -> JSON? { users.first { $0.0 == friendly }?.1 }
    func ciOnTicket(_ friendly: Int) -> JSON? { cis.first { $0.0 == friendly }?.1 }
}

extension TicketView {
    /// `full` as an answer whose body is built and written when the response is settled (after the lock).
    static func fullAnswer(_ status: Int, _ t: JSON, _ c: Context, headers: HTTPHeaders = [:]) throws -> Response {
        let sources = try ReadAhead(ticket: t, c)
        return JSONResponse.later(status, headers: headers) { full(t, sources) }
    }
}
