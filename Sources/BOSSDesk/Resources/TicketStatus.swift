import UnderstudyCore

/// How a BOSSDesk ticket's status moves (seed 004), in one place for agents' tickets, end users' tickets and updates:
/// a new ticket is `assigned` with an agent, else `incoming`; an agent set on a ticket that had none assigns it unless it
/// is closed; close from anything but `closed` (sets `closed_at`); reopen only from `closed`, to `assigned` with an
/// agent, else `open` (clears `closed_at`). A refused move is the vendor's 422 on `base`.
enum TicketStatus {
    static let closed = "closed"
    /// Every status a ticket can be in.
    static let all = ["incoming", "open", "assigned", closed]

    /// The status a ticket is created with.
    static func initial(_ doc: JSON) -> String { hasAgent(doc) ? "assigned" : "incoming" }

    /// After an update: a ticket that just got its first agent is assigned, unless closed.
    static func afterUpdate(_ doc: inout JSON, hadAgent: Bool) {
        if !hadAgent, hasAgent(doc), doc["status"]?.string != closed { doc.set("status", "assigned") }
    }

    static func close(_ doc: inout JSON, now: String) throws {
        guard doc["status"]?.string != closed else { throw BOSSDeskError.base(422, "can't be closed because it is already closed") }
        doc.set("status", .string(closed))
        doc.set("closed_at", .string(now))
    }

    static func reopen(_ doc: inout JSON) throws {
        guard doc["status"]?.string == closed else { throw BOSSDeskError.base(422, "can't be reopened because it is not closed") }
        doc.set("status", .string(hasAgent(doc) ? "assigned" : "open"))
        doc.set("closed_at", .null)
    }

    private static func hasAgent(_ doc: JSON) -> Bool { doc["agent_id"]?.int != nil }
}
