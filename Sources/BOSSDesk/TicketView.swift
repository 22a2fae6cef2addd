import Storage
import UnderstudyCore

/// How tickets and their parts look in answers (seed: "Retrieving the ticket list" and "Retrieving one ticket").
enum TicketView {
    static func listItem(_ t: JSON, _ c: Context) throws -> JSON {
        [
            "id": t["id"] ?? .null, "friendly_id": t["friendly_id"] ?? .null, "title": t["title"] ?? .null,
            "status": t["status"] ?? .null, "due_at": t["due_at"] ?? .null,
            "type": try c.reference("ticket_types", t["type_id"], extra: ["shortcut"]),
            "priority": try c.reference("helpdesk_priorities", t["priority_id"], extra: ["color"]),
            "category": try c.reference("helpdesk_categories", t["category_id"], extra: ["color", "icon"]),
            "extended_status": try c.reference("helpdesk_extended_statuses", t["extended_status_id"]),
            "requester": try c.userSummary(t["requester_id"]), "agent": try c.userSummary(t["agent_id"]),
        ]
    }

    static func full<S: ViewSources>(_ t: JSON, _ c: S) throws(S.Failure) -> JSON {
        // Built as a list of distinct members (appended, not looked up and set one by one), in one allocation.
        var out: [(String, JSON)] = []
        out.reserveCapacity(copied.count + 17)
        for key in copied { out.append((key, t[key] ?? .null)) }
        out.append(("type", try c.reference("ticket_types", t["type_id"], extra: ["shortcut"])))
        out.append(("priority", try c.reference("helpdesk_priorities", t["priority_id"], extra: ["color"])))
        out.append(("category", try c.reference("helpdesk_categories", t["category_id"], extra: ["color", "icon"])))
        out.append(("agent", try c.userSummary(t["agent_id"])))
        out.append(("team", try c.reference("teams", t["team_id"])))
        out.append(("extended_status", try c.reference("helpdesk_extended_statuses", t["extended_status_id"])))
        out.append(("requester", try requester(t["requester_id"], c)))
        out.append(("comments", .array(try (t["comments"]?.array ?? []).map { (m: JSON) throws(S.Failure) in try comment(m, c) })))
        out.append(("tags", .array(try (t["tag_ids"]?.array ?? []).map { (id: JSON) throws(S.Failure) in try c.reference("tags", id) })))
        out.append(("attachments", .array((t["attachments"]?.array ?? []).map(Attachments.summary))))
        let tasks = t["tasks"]?.array ?? []
        out.append(("time_entries", .array(try (t["time_entries"]?.array ?? []).map { (e: JSON) throws(S.Failure) in try timeEntry(e, tasks: tasks, c) })))
        out.append(("tasks", .array(try tasks.map { (k: JSON) throws(S.Failure) in try task(k, c) })))
        out.append(("problem", .null))
        out.append(("change", .null))
        out.append(("approval_requests", []))
        var cis: [JSON] = []
        for id in t["ci_ids"]?.array ?? [] {
            if let n = id.int, let ci = try c.ciOnTicket(n) { cis.append(ci) }
        }
        out.append(("cis", .array(cis)))
        return .object(out)
    }

    /// The members a ticket's full answer copies from its document as they are.
    private static let copied = ["id", "friendly_id", "title", "description", "status", "source", "custom_fields", "created_at",
                                 "updated_at", "due_at", "closed_at", "lock_version"]

    /// The requester with contact details and group, as a ticket shows it.
    static func requester<S: ViewSources>(_ id: JSON?, _ c: S) throws(S.Failure) -> JSON {
        guard let u = try c.userDoc(id?.int) else { return .null }
        var out = Users.summary(u)
        for key in ["is_agent", "email", "phone", "mobile"] { out.set(key, u[key] ?? .null) }
        out.set("group", try c.reference("groups", u["group_id"]))
        return out
    }

    static func comment<S: ViewSources>(_ m: JSON, _ c: S) throws(S.Failure) -> JSON {
        ["id": m["id"] ?? .null, "body": m["body"] ?? .null, "created_at": m["created_at"] ?? .null,
         "is_public": m["is_public"] ?? .null, "from_agent": m["from_agent"] ?? .null, "source": m["source"] ?? .null,
         "created_by": try c.userSummary(m["created_by_id"]), "attachments": .array((m["attachments"]?.array ?? []).map(Attachments.summary))]
    }

    static func task<S: ViewSources>(_ k: JSON, _ c: S) throws(S.Failure) -> JSON {
        ["id": k["id"] ?? .null, "title": k["title"] ?? .null, "note": k["note"] ?? .null, "created_at": k["created_at"] ?? .null,
         "due_at": k["due_at"] ?? .null, "closed_at": k["closed_at"] ?? .null, "type": try c.reference("task_types", k["type_id"]),
         "team": try c.reference("teams", k["team_id"]), "agent": try c.userSummary(k["agent_id"]),
         "created_by": try c.userSummary(k["created_by_id"])]
    }

    static func timeEntry<S: ViewSources>(_ e: JSON, tasks: [JSON], _ c: S) throws(S.Failure) -> JSON {
        let task = tasks.first { $0["id"] == e["task_id"] && e["task_id"]?.isNull == false }
        return ["id": e["id"] ?? .null, "task_id": e["task_id"] ?? .null, "date": e["date"] ?? .null,
                "duration": e["duration"] ?? .null, "billable": e["billable"] ?? .null, "agent": try c.userSummary(e["agent_id"]),
                "task": task.map { ["id": $0["id"] ?? .null, "title": $0["title"] ?? .null] } ?? .null]
    }
}
