import Storage
import UnderstudyCore

/// Loads `seeds/stackone/`: the organization, users, collections, ticket types, statuses, and tickets with their
/// comments and attachments. Tickets go through the same path as a create, so the seeds obey the API's own rules.
enum Fixtures {
    static func load(into db: TenantDatabase, from directory: String) throws {
        let folder = "\(directory)/stackone"
        let store = RecordStore(db, table: StackOneAPI.table)
        let organization = try FixtureError.readJSON(folder, "organization")
        try store.insert(Kind.organization, seq: 1, key: "1", doc: organization)
        for kind in RecordKinds.all { try kind.loadSeedFile(folder, into: db) }
    }

    /// One seeded ticket: its create-body fields, then the fixture's own id, numbers, status and times.
    static func loadTicket(_ item: JSON, store: RecordStore, organization: JSON) throws {
        let fixed: Set<String> = ["id", "remote_id", "ticket_number", "status", "closed_at", "created_at", "updated_at", "comments", "attachments"]
        let body = JSON.object((item.object ?? []).filter { !fixed.contains($0.0) })
        guard let id = item["id"]?.string, let created = item["created_at"], let updated = item["updated_at"] else {
            throw StackOneError.badRequest("id, created_at and updated_at are required")
        }
        var doc = try Tickets.newTicket(body, store: store, organization: organization, id: id, now: created.string ?? "")
        for key in ["remote_id", "ticket_number"] { if let v = item[key] { doc.set(key, v) } }
        if let number = item["ticket_number"]?.string {
            doc.set("ticket_url", .string((organization["ticket_url_base"]?.string ?? "") + number))
        }
        if let status = item["status"]?["id"]?.string { try TicketShape.setStatus(status, on: &doc, store: store, now: updated) }
        doc.set("closed_at", item["closed_at"] ?? .null)
        doc.set("updated_at", updated)
        try store.insert(Kind.ticket, seq: try store.nextSequence(Kind.ticket), key: id, doc: doc)
        for comment in item["comments"]?.array ?? [] {
            var c = comment
            c.set("ticket_id", .string(id))
            try insertChild(c, kind: Kind.comment, store: store)
        }
        for attachment in item["attachments"]?.array ?? [] {
            try loadAttachment(attachment, ticket: id, store: store)
        }
    }

    /// An attachment's record (with `size` and `file_url` worked out) and its bytes as a blob.
    static func loadAttachment(_ item: JSON, ticket: String, store: RecordStore) throws {
        guard let id = item["id"]?.string else { throw StackOneError.badRequest("attachment without id") }
        let bytes: [UInt8]
        if let b64 = item["content_base64"]?.string {
            guard let decoded = Base64.decode(b64) else { throw StackOneError.badRequest("attachment \(id): content_base64 is not base64") }
            bytes = decoded
        } else {
            bytes = Array((item["content"]?.string ?? "").utf8)
        }
        let type = item["file_type"]?.string ?? MediaType.forFilename(item["file_name"]?.string ?? "")
        let doc: JSON = [
            "id": .string(id), "remote_id": item["remote_id"] ?? .null, "ticket_id": .string(ticket), "user_id": item["user_id"] ?? .null,
            "file_name": item["file_name"] ?? .null, "file_format": fileFormat(name: item["file_name"]?.string, mediaType: type),
            "file_url": .string("/stackone/unified/ticketing/tickets/\(ticket)/attachments/\(id)/download"),
            "size": .int(bytes.count), "created_at": item["created_at"] ?? .null, "updated_at": item["updated_at"] ?? .null,
        ]
        try insertChild(doc, kind: Kind.attachment, store: store)
        try store.putBlob(TicketChildren.blobKey(id), contentType: type, bytes: bytes)
    }

    /// The SDK's `file_format`: the file's extension as `value` (lower case; null when the name has none) and the
    /// provider's own media type as `source_value`.
    static func fileFormat(name: String?, mediaType: String) -> JSON {
        let ext = name.flatMap { n -> String? in
            guard let dot = n.lastIndex(of: "."), n.index(after: dot) < n.endIndex else { return nil }
            return n[n.index(after: dot)...].lowercased()
        }
        return ["value": ext.map(JSON.string) ?? .null, "source_value": .string(mediaType)]
    }

    static func insertChild(_ doc: JSON, kind: String, store: RecordStore) throws {
        guard let id = doc["id"]?.string else { throw StackOneError.badRequest("\(kind) without id") }
        try store.insert(kind, seq: try store.nextSequence(kind), key: id, doc: doc)
    }
}
