import HTTP1
import Storage
import UnderstudyCore

/// `/my/tickets`: the end-user side. Only tickets the signed-in user requested; only public comments;
/// agents' internals (tasks, time entries, usernames of staff) stay hidden.
enum MyTickets {
    /// The references an end user's new ticket must give.
    static let endUserRequired: Set<String> = ["type_id"]

    static let requesterID = Attribute("requester_id", .int)

    static func list(_ c: Context) throws -> Response {
        var spec = Listing.Spec(kind: Kind.ticket, paginated: true, ransack: Tickets.ransack)
        spec.conditions = [.compare(requesterID, .eq, [.integer(Int64(c.user["id"]?.int ?? 0))])]
        return try Listing.list(c, spec) { try listItem($0.doc, c) }
    }

    static func show(_ c: Context) throws -> Response {
        JSONResponse.make(200, try full(try own(c).doc, c))
    }

    static func create(_ c: Context) throws -> Response {
        let body = try c.body(root: "ticket")
        let doc = try c.store.db.transaction { () -> JSON in
            let friendly = try c.store.nextSequence(Kind.ticket)
            var doc = Tickets.skeleton(friendly: friendly, now: c.nowText, requester: c.user["id"] ?? .null, source: "user_portal")
            let allowed = JSON.object((body.object ?? []).filter { ["title", "description", "type_id"].contains($0.0) })
            try TicketFields.apply(allowed, to: &doc, c: c, creating: true, required: endUserRequired)
            let account = try c.store.get(Kind.account, key: "1")?.doc
            doc.set("priority_id", account?["default_helpdesk_priority_id"] ?? .null)
            doc.set("team_id", account?["default_ticket_team_id"] ?? .null)
            try Tickets.index(&doc, c)
            try c.store.insert(Kind.ticket, seq: friendly, key: String(friendly), doc: doc)
            return doc
        }
        return c.created(try full(doc, c), friendlyID: doc["friendly_id"])
    }

    static func addComment(_ c: Context) throws -> Response {
        let body = try c.body(root: "comment")
        var f = BodyFields(body)
        let text = f.string("body", required: true)
        try f.errors.check()
        _ = try own(c)
        let comment = try TicketParts.add(c, "comments") { _ in
            ["id": .int(try c.store.nextSequence("comment")), "body": .string(text ?? ""), "is_public": true,
             "from_agent": .bool(c.user["is_agent"]?.bool == true), "source": "user_portal",
             "created_by_id": c.user["id"] ?? .null, "created_at": .string(c.nowText)]
        }
        return JSONResponse.make(201, try publicComment(comment, c))
    }

    static func reopen(_ c: Context) throws -> Response {
        _ = try own(c)
        let doc = try c.store.db.transaction { () -> JSON in
            var record = try own(c)
            try TicketStatus.reopen(&record.doc)
            try Tickets.save(&record, c)
            return record.doc
        }
        return JSONResponse.make(200, try full(doc, c))
    }

    /// The ticket in the path, if the signed-in user requested it; 404 otherwise (others' tickets do not exist for them).
    static func own(_ c: Context) throws -> StoredRecord {
        let r = try c.existing(Kind.ticket, c.parameter("id"))
        guard r.doc["requester_id"]?.int == c.user["id"]?.int else { throw BOSSDeskError.notFound }
        return r
    }

    // MARK: Rendering (seed: "Tickets for end-users")

    /// Staff as end users see them: no username.
    static func person(_ id: JSON?, _ c: Context) throws -> JSON {
        guard let u = try c.userDoc(id?.int) else { return .null }
        return ["id": u["id"] ?? .null, "friendly_id": u["friendly_id"] ?? .null, "first_name": u["first_name"] ?? .null,
                "last_name": u["last_name"] ?? .null]
    }

    static func listItem(_ t: JSON, _ c: Context) throws -> JSON {
        ["id": t["id"] ?? .null, "friendly_id": t["friendly_id"] ?? .null, "title": t["title"] ?? .null, "status": t["status"] ?? .null,
         "due_at": t["due_at"] ?? .null, "type": try c.reference("ticket_types", t["type_id"], Reference.withShortcut),
         "agent": try person(t["agent_id"], c)]
    }

    static func full(_ t: JSON, _ c: Context) throws -> JSON {
        var out: JSON = .object(["id", "friendly_id", "title", "description", "status", "created_at", "updated_at", "due_at",
                                 "closed_at"].map { ($0, t[$0] ?? .null) })
        out.set("type", try c.reference("ticket_types", t["type_id"], Reference.withShortcut))
        out.set("agent", try person(t["agent_id"], c))
        let visible = (t["comments"]?.array ?? []).filter { $0["is_public"]?.bool != false }
        out.set("comments", .array(try visible.map { try publicComment($0, c) }))
        out.set("attachments", .array((t["attachments"]?.array ?? []).map(Attachments.summary)))
        return out
    }

    static func publicComment(_ m: JSON, _ c: Context) throws -> JSON {
        ["id": m["id"] ?? .null, "body": m["body"] ?? .null, "created_at": m["created_at"] ?? .null,
         "created_by": try person(m["created_by_id"], c), "attachments": .array((m["attachments"]?.array ?? []).map(Attachments.summary))]
    }
}
