import Storage
import UnderstudyCore

/// How tickets and their parts look in answers (seed: "Retrieving the ticket list" and "Retrieving one ticket").
///
/// A list item is a tree (a page of them is one answer); a whole ticket and its parts are written straight into the
/// answer's text (``JSONText``): the ticket's own members are copied from its document as they are, and nothing is
/// built only to be written once.
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

    static func full<S: ViewSources>(_ t: JSON, _ c: S, into out: inout JSONText) throws(S.Failure) {
        out.beginObject()
        out.members(copied, of: t)
        out.name("type")
        try c.reference("ticket_types", t["type_id"], Reference.withShortcut, into: &out)
        out.name("priority")
        try c.reference("helpdesk_priorities", t["priority_id"], Reference.withColor, into: &out)
        out.name("category")
        try c.reference("helpdesk_categories", t["category_id"], Reference.withColorAndIcon, into: &out)
        out.name("agent")
        try c.userSummary(t["agent_id"], into: &out)
        out.name("team")
        try c.reference("teams", t["team_id"], into: &out)
        out.name("extended_status")
        try c.reference("helpdesk_extended_statuses", t["extended_status_id"], into: &out)
        out.name("requester")
        try requester(t["requester_id"], c, into: &out)
        out.name("comments")
        out.beginArray()
        for m in t["comments"]?.array ?? [] { try comment(m, c, into: &out) }
        out.endArray()
        out.name("tags")
        out.beginArray()
        for id in t["tag_ids"]?.array ?? [] { try c.reference("tags", id, into: &out) }
        out.endArray()
        out.name("attachments")
        attachments(of: t, into: &out)
        let tasks = t["tasks"]?.array ?? []
        out.name("time_entries")
        out.beginArray()
        for e in t["time_entries"]?.array ?? [] { try timeEntry(e, tasks: tasks, c, into: &out) }
        out.endArray()
        out.name("tasks")
        out.beginArray()
        for k in tasks { try task(k, c, into: &out) }
        out.endArray()
        out.member("problem", .null)
        out.member("change", .null)
        out.member("approval_requests", [])
        out.name("cis")
        out.beginArray()
        for id in t["ci_ids"]?.array ?? [] {
            if let n = id.int, let ci = try c.ciOnTicket(n) { out.value(ci) }
        }
        out.endArray()
        out.endObject()
    }

    /// The members a ticket's full answer copies from its document as they are, in the document's own order.
    private static let copied: MemberNames = ["id", "friendly_id", "title", "description", "status", "source", "custom_fields", "created_at",
                                 "updated_at", "due_at", "closed_at", "lock_version"]

    /// The requester with contact details and group, as a ticket shows it.
    static func requester<S: ViewSources>(_ id: JSON?, _ c: S, into out: inout JSONText) throws(S.Failure) {
        guard let u = try c.userDoc(id?.int) else { return out.value(.null) }
        out.beginObject()
        out.members(Users.summaryMembers, of: u)
        out.members(requesterDetails, of: u)
        out.name("group")
        try c.reference("groups", u["group_id"], into: &out)
        out.endObject()
    }

    private static let requesterDetails: MemberNames = ["is_agent", "email", "phone", "mobile"]

    static func comment<S: ViewSources>(_ m: JSON, _ c: S, into out: inout JSONText) throws(S.Failure) {
        out.beginObject()
        out.members(commentMembers, of: m)
        out.name("created_by")
        try c.userSummary(m["created_by_id"], into: &out)
        out.name("attachments")
        attachments(of: m, into: &out)
        out.endObject()
    }

    private static let commentMembers: MemberNames = ["id", "body", "created_at", "is_public", "from_agent", "source"]

    static func task<S: ViewSources>(_ k: JSON, _ c: S, into out: inout JSONText) throws(S.Failure) {
        out.beginObject()
        out.members(taskMembers, of: k)
        out.name("type")
        try c.reference("task_types", k["type_id"], into: &out)
        out.name("team")
        try c.reference("teams", k["team_id"], into: &out)
        out.name("agent")
        try c.userSummary(k["agent_id"], into: &out)
        out.name("created_by")
        try c.userSummary(k["created_by_id"], into: &out)
        out.endObject()
    }

    private static let taskMembers: MemberNames = ["id", "title", "note", "created_at", "due_at", "closed_at"]

    static func timeEntry<S: ViewSources>(_ e: JSON, tasks: [JSON], _ c: S, into out: inout JSONText) throws(S.Failure) {
        out.beginObject()
        out.members(timeEntryMembers, of: e)
        out.name("agent")
        try c.userSummary(e["agent_id"], into: &out)
        out.name("task")
        if let task = tasks.first(where: { $0["id"] == e["task_id"] && e["task_id"]?.isNull == false }) {
            out.beginObject()
            out.members(taskSummary, of: task)
            out.endObject()
        } else {
            out.value(.null)
        }
        out.endObject()
    }

    private static let taskSummary: MemberNames = ["id", "title"]
    private static let timeEntryMembers: MemberNames = ["id", "task_id", "date", "duration", "billable"]

    /// A record's `attachments`, each as ``Attachments/summary(_:)`` shows it.
    static func attachments(of record: JSON, into out: inout JSONText) {
        out.beginArray()
        for a in record["attachments"]?.array ?? [] {
            out.beginObject()
            out.members(Attachments.summaryMembers, of: a)
            out.endObject()
        }
        out.endArray()
    }
}
