import HTTP1
import Storage
import UnderstudyCore

/// `/tickets` for agents: list (pagination + search), show (with comments, tasks, time entries…), create, update with
/// `lock_version` (204; stale → 409, nothing applied), comments, close and reopen (200 with the ticket; 422 `base`).
enum Tickets {
    /// Internal ids are this plus the friendly id.
    static let idOffset = 18_500

    static let ransack = Ransack([
        Attribute("id", .int), Attribute("friendly_id", .int), Attribute("title", .string), Attribute("description", .string),
        Attribute("status", .string), Attribute("source", .string), Attribute("type_id", .int), Attribute("priority_id", .int),
        Attribute("category_id", .int), Attribute("extended_status_id", .int), Attribute("requester_id", .int),
        Attribute("agent_id", .int), Attribute("team_id", .int), Attribute("lock_version", .int),
        Attribute("created_at", .timestamp), Attribute("updated_at", .timestamp), Attribute("due_at", .timestamp),
        Attribute("closed_at", .timestamp),
    ] + ["type_name", "priority_name", "category_name", "team_name", "extended_status_name", "requester_username",
         "requester_email", "agent_username"].map { Attribute($0, .string, path: "$._search.\($0)") })

    static func list(_ c: Context) throws -> Response {
        try Listing.list(c, Listing.Spec(kind: Kind.ticket, paginated: true, ransack: ransack)) { try TicketView.listItem($0.doc, c) }
    }

    static func show(_ c: Context) throws -> Response {
        JSONResponse.make(200, try TicketView.full(try c.existing(Kind.ticket, c.parameter("id")).doc, c))
    }

    static func create(_ c: Context) throws -> Response {
        let body = try c.body(root: "ticket")
        let doc = try c.store.db.transaction { () -> JSON in
            let friendly = try c.store.nextSequence(Kind.ticket)
            var doc = skeleton(friendly: friendly, now: c.nowText, requester: c.user["id"] ?? .null)
            try TicketFields.apply(body, to: &doc, c: c, creating: true)
            doc.set("status", .string(TicketStatus.initial(doc)))
            try index(&doc, c)
            try c.store.insert(Kind.ticket, seq: friendly, key: String(friendly), doc: doc)
            return doc
        }
        return JSONResponse.make(201, try TicketView.full(doc, c), headers: c.location(doc["friendly_id"]))
    }

    /// A new ticket document with every field present.
    static func skeleton(friendly: Int, now: String, requester: JSON, source: String = "api") -> JSON {
        [
            "id": .int(idOffset + friendly), "friendly_id": .int(friendly), "title": .null, "description": "",
            "status": "incoming", "source": .string(source), "type_id": .null, "priority_id": .null, "category_id": .null,
            "extended_status_id": .null, "requester_id": requester, "agent_id": .null, "team_id": .null, "tag_ids": [],
            "custom_fields": [:], "created_at": .string(now), "updated_at": .string(now), "due_at": .null, "closed_at": .null,
            "lock_version": 0, "comments": [], "tasks": [], "time_entries": [],
            // Filled by `index` (here so that setting it replaces a member instead of growing the list).
            "_search": .null,
        ]
    }

    static func update(_ c: Context) throws -> Response {
        let body = try c.body(root: "ticket")
        try c.store.db.transaction {
            var record = try c.existing(Kind.ticket, c.parameter("id"))
            if let sent = body["lock_version"], !sent.isNull {
                guard let v = sent.int ?? sent.string.flatMap({ Int($0) }) else {
                    var e = FieldErrors()
                    e.add("lock_version", RailsMessage.notANumber)
                    throw e
                }
                if v != record.doc["lock_version"]?.int { throw BOSSDeskError.staleTicket }
            }
            var fields = body
            fields.remove("lock_version")
            let hadAgent = record.doc["agent_id"]?.int != nil
            try TicketFields.apply(fields, to: &record.doc, c: c, creating: false)
            TicketStatus.afterUpdate(&record.doc, hadAgent: hadAgent)
            try save(&record, c)
        }
        return Response(status: 204)
    }

    static func close(_ c: Context) throws -> Response {
        try transition(c) { try TicketStatus.close(&$0, now: c.nowText) }
    }

    static func reopen(_ c: Context) throws -> Response {
        try transition(c) { try TicketStatus.reopen(&$0) }
    }

    /// Applies a state change and answers the whole ticket.
    static func transition(_ c: Context, _ change: (inout JSON) throws -> Void) throws -> Response {
        let doc = try c.store.db.transaction { () -> JSON in
            var record = try c.existing(Kind.ticket, c.parameter("id"))
            try change(&record.doc)
            try save(&record, c)
            return record.doc
        }
        return JSONResponse.make(200, try TicketView.full(doc, c))
    }

    static func addComment(_ c: Context) throws -> Response {
        let body = try c.body(root: "comment")
        var f = BodyFields(body)
        let text = f.string("body") ?? ""
        let isPublic = f.bool("is_public")
        if isPublic == nil && !f.errors.has("is_public") { f.fail("is_public", RailsMessage.blank) }
        try f.errors.check()
        let comment = try TicketParts.add(c, "comments") { _ in
            ["id": .int(try c.store.nextSequence("comment")), "body": .string(text), "is_public": .bool(isPublic ?? true),
             "from_agent": .bool(c.user["is_agent"]?.bool == true), "source": "api",
             "created_by_id": c.user["id"] ?? .null, "created_at": .string(c.nowText)]
        }
        return JSONResponse.make(201, try TicketView.comment(comment, c))
    }

    /// Bumps `lock_version` and `updated_at`, refreshes the search index and stores the ticket.
    static func save(_ record: inout StoredRecord, _ c: Context) throws {
        record.doc.set("lock_version", .int(ClientNumber.sum(record.doc["lock_version"]?.int ?? 0, 1)))
        record.doc.set("updated_at", .string(c.nowText))
        try index(&record.doc, c)
        _ = try c.store.update(Kind.ticket, key: record.key, doc: record.doc)
    }

    /// The names Ransack's association attributes search (`q[priority_name_eq]`), kept beside the ids.
    static func index(_ doc: inout JSON, _ c: Context) throws {
        let requester = try c.userDoc(doc["requester_id"]?.int)
        doc.set("_search", [
            "type_name": try c.lookup("ticket_types", doc["type_id"]?.int)?["name"] ?? .null,
            "priority_name": try c.lookup("helpdesk_priorities", doc["priority_id"]?.int)?["name"] ?? .null,
            "category_name": try c.lookup("helpdesk_categories", doc["category_id"]?.int)?["name"] ?? .null,
            "team_name": try c.lookup("teams", doc["team_id"]?.int)?["name"] ?? .null,
            "extended_status_name": try c.lookup("helpdesk_extended_statuses", doc["extended_status_id"]?.int)?["name"] ?? .null,
            "requester_username": requester?["username"] ?? .null, "requester_email": requester?["email"] ?? .null,
            "agent_username": try c.userDoc(doc["agent_id"]?.int)?["username"] ?? .null,
        ])
    }
}
