import Storage
import UnderstudyCore

/// How tickets and their parts look in answers (seed: "Retrieving the ticket list" and "Retrieving one ticket").
///
/// Every view is a tree, built under the tenant's lock and written out by the shared writer once the lock is let
/// go (``JSONResponse/make(_:_:contentType:headers:)``); a ticket's own members are copied from its document.
enum TicketView {
    static func listItem(_ t: JSON, _ c: Context) throws -> JSON {
        [
            "id": t["id"] ?? .null, "friendly_id": t["friendly_id"] ?? .null, "title": t["title"] ?? .null,
            "status": t["status"] ?? .null, "due_at": t["due_at"] ?? .null,
            "type": try c.reference("ticket_types", t["type_id"], Reference.withShortcut),
            "priority": try c.reference("helpdesk_priorities", t["priority_id"], Reference.withColor),
            "category": try c.reference("helpdesk_categories", t["category_id"], Reference.withColorAndIcon),
            "extended_status": try c.reference("helpdesk_extended_statuses", t["extended_status_id"]),
            "requester": try c.userSummary(t["requester_id"]), "agent": try c.userSummary(t["agent_id"]),
        ]
    }

    /// A whole ticket, as one ticket's answer shows it.
    static func full(_ t: JSON, _ c: Context) throws -> JSON {
        var members = JSON.members(copied, of: t).object ?? []
        let tasks = t["tasks"]?.array ?? []
        members += [
            ("type", try c.reference("ticket_types", t["type_id"], Reference.withShortcut)),
            ("priority", try c.reference("helpdesk_priorities", t["priority_id"], Reference.withColor)),
            ("category", try c.reference("helpdesk_categories", t["category_id"], Reference.withColorAndIcon)),
            ("agent", try c.userSummary(t["agent_id"])),
            ("team", try c.reference("teams", t["team_id"])),
            ("extended_status", try c.reference("helpdesk_extended_statuses", t["extended_status_id"])),
            ("requester", try requester(t["requester_id"], c)),
            ("comments", .array(try (t["comments"]?.array ?? []).map { try comment($0, c) })),
            ("tags", .array(try (t["tag_ids"]?.array ?? []).map { try c.reference("tags", $0) })),
            ("attachments", attachments(of: t)),
            ("time_entries", .array(try (t["time_entries"]?.array ?? []).map { try timeEntry($0, tasks: tasks, c) })),
            ("tasks", .array(try tasks.map { try task($0, c) })),
            ("problem", .null), ("change", .null), ("approval_requests", []),
            ("cis", .array(try (t["ci_ids"]?.array ?? []).compactMap { id in try id.int.flatMap { try c.ciOnTicket($0) } })),
        ]
        return .object(members)
    }

    /// The members a ticket's full answer copies from its document as they are.
    private static let copied: MemberNames = ["id", "friendly_id", "title", "description", "status", "source", "custom_fields", "created_at",
                                 "updated_at", "due_at", "closed_at", "lock_version"]

    /// The requester with contact details and group, as a ticket shows it.
    static func requester(_ id: JSON?, _ c: Context) throws -> JSON {
        guard let u = try c.userDoc(id?.int) else { return .null }
        let members = (JSON.members(Users.summaryMembers, of: u).object ?? []) + (JSON.members(requesterDetails, of: u).object ?? [])
        return .object(members + [("group", try c.reference("groups", u["group_id"]))])
    }

    private static let requesterDetails: MemberNames = ["is_agent", "email", "phone", "mobile"]

    static func comment(_ m: JSON, _ c: Context) throws -> JSON {
        .object((JSON.members(commentMembers, of: m).object ?? [])
                + [("created_by", try c.userSummary(m["created_by_id"])), ("attachments", attachments(of: m))])
    }

    private static let commentMembers: MemberNames = ["id", "body", "created_at", "is_public", "from_agent", "source"]

    static func task(_ k: JSON, _ c: Context) throws -> JSON {
        .object((JSON.members(taskMembers, of: k).object ?? []) + [
            ("type", try c.reference("task_types", k["type_id"])), ("team", try c.reference("teams", k["team_id"])),
            ("agent", try c.userSummary(k["agent_id"])), ("created_by", try c.userSummary(k["created_by_id"])),
        ])
    }

    private static let taskMembers: MemberNames = ["id", "title", "note", "created_at", "due_at", "closed_at"]

    static func timeEntry(_ e: JSON, tasks: [JSON], _ c: Context) throws -> JSON {
        let task = tasks.first(where: { $0["id"] == e["task_id"] && e["task_id"]?.isNull == false })
        return .object((JSON.members(timeEntryMembers, of: e).object ?? []) + [
            ("agent", try c.userSummary(e["agent_id"])), ("task", task.map { JSON.members(taskSummary, of: $0) } ?? .null),
        ])
    }

    private static let taskSummary: MemberNames = ["id", "title"]
    private static let timeEntryMembers: MemberNames = ["id", "task_id", "date", "duration", "billable"]

    /// A record's `attachments`, each as ``Attachments/summary(_:)`` shows it.
    static func attachments(of record: JSON) -> JSON {
        .array((record["attachments"]?.array ?? []).map { JSON.members(Attachments.summaryMembers, of: $0) })
    }
}
