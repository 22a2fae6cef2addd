import HTTP1
import Storage
import UnderstudyCore

/// Ticket notes (seed 002): list by `ticket_id`, create, get, update (PUT), delete (removing its attachments).
enum Notes {
    static let kind = "note"
    static let valueLimit = 1500
    static let categories = ["pre-scan", "post-scan"]

    static func list(_ c: Context) throws -> Response {
        let window = try Check.window(c.request.query)
        let ticketID = try Check.parent(c, c.request.query, field: "ticket_id", kind: Tickets.kind, label: "Ticket")
        var q = RecordQuery(kind: kind)
        q.conditions = [.pathEquals("$.ticket_id", .text(ticketID))]
        return JSONResponse.make(200, try Check.page(c, q, window: window, echo: [("ticket_id", .string(ticketID))]) { $0.doc })
    }

    static func create(_ c: Context) throws -> Response {
        let fields = try read(c)
        let id = c.request.ids.uuid()
        let doc: JSON = [
            "id": .string(id), "author_id": .string(c.author.id), "author_name": .string(c.author.name),
            "categories": .array(fields.categories.map(JSON.string)), "created_at": .string(c.nowText), "is_public": .bool(fields.isPublic),
            "ticket_id": .string(fields.ticketID), "updated_at": .null, "value": .string(fields.value),
        ]
        try c.store.db.transaction { try c.store.insert(kind, seq: try c.store.nextSequence(kind), key: id, doc: doc) }
        return JSONResponse.make(201, doc)
    }

    static func show(_ c: Context) throws -> Response {
        JSONResponse.make(200, try existing(c).doc)
    }

    /// PUT replaces the note's fields (`ticket_id` and `value` required, as on create) and sets `updated_at`.
    static func update(_ c: Context) throws -> Response {
        var note = try existing(c)
        let fields = try read(c)
        note.doc.set("ticket_id", .string(fields.ticketID))
        note.doc.set("value", .string(fields.value))
        note.doc.set("is_public", .bool(fields.isPublic))
        note.doc.set("categories", .array(fields.categories.map(JSON.string)))
        note.doc.set("updated_at", .string(c.nowText))
        try c.store.update(kind, key: note.key, doc: note.doc)
        return JSONResponse.make(200, note.doc)
    }

    static func delete(_ c: Context) throws -> Response {
        let note = try existing(c)
        try c.store.db.transaction {
            try NoteAttachments.removeAll(c, noteID: note.key)
            try c.store.delete(kind, key: note.key)
        }
        return Response(status: 204)
    }

    static func existing(_ c: Context) throws -> StoredRecord {
        let id = try Check.uuid(c.request.parameters["id"], field: "note-id")
        guard let note = try c.store.get(kind, key: id) else { throw JifelineError(404, "Note \(id) does not exist") }
        return note
    }

    /// The request body of create and update, checked field by field.
    private static func read(_ c: Context) throws -> (ticketID: String, value: String, isPublic: Bool, categories: [String]) {
        try read(try jsonBody(c.request), store: c.store)
    }

    /// A note's fields from a body (or a seeded record), checked field by field; its ticket must exist.
    static func read(_ body: JSON, store: RecordStore) throws -> (ticketID: String, value: String, isPublic: Bool, categories: [String]) {
        var v = Violations()
        var ticketID = ""
        switch body["ticket_id"] {
        case .string(let s)? where Check.isUUID(s): ticketID = s.lowercased()
        case nil, .null?: v.add("ticket_id", "is required")
        default: v.add("ticket_id", "must be a valid UUID")
        }
        var value = ""
        switch body["value"] {
        case .string(let s)?:
            value = s
            if s.count > valueLimit { v.add("value", "must be at most \(valueLimit) characters") }
        case nil, .null?: v.add("value", "is required")
        default: v.add("value", "must be a string")
        }
        var isPublic = false
        switch body["is_public"] {
        case .bool(let b)?: isPublic = b
        case nil, .null?: break
        default: v.add("is_public", "must be a boolean")
        }
        var cats: [String] = []
        switch body["categories"] {
        case .array(let items)?:
            for item in items {
                if let s = item.string, categories.contains(s) { if !cats.contains(s) { cats.append(s) } } else {
                    v.add("categories", "items must be one of \(categories.joined(separator: ", "))")
                    break
                }
            }
        case nil, .null?: break
        default: v.add("categories", "must be an array")
        }
        try v.check()
        guard try store.exists(Tickets.kind, key: ticketID) else { throw JifelineError(404, "Ticket \(ticketID) does not exist") }
        return (ticketID, value, isPublic, cats)
    }

    /// The body as a JSON object; 400 otherwise.
    static func jsonBody(_ req: APIRequest) throws -> JSON {
        guard let json = try? req.strictBodyJSON() else { throw JifelineError(400, "The request body must be valid JSON") }
        guard json.object != nil else { throw JifelineError(400, "The request body must be a JSON object") }
        return json
    }
}
