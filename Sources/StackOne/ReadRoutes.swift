import HTTP1
import Storage
import UnderstudyCore

/// The read-only endpoints: users, ticket types, collections and their projects/components view, and a ticket's
/// comments, attachments and statuses. Each is a `Listing.Source` over the seeded records.
enum ReadRoutes {
    static let parentID = Attribute("parent_id", .string)
    static let ticketID = Attribute("ticket_id", .string)
    static let collectionType = Attribute("type", .string)
    static let collectionID = Attribute("collection_id", .string)
    static let projectID = Attribute("project_id", .string)

    // MARK: Users and ticket types

    static func users(_ c: Context) throws -> Response { try Listing.list(c, .init(kind: Kind.user)) }
    static func user(_ c: Context) throws -> Response { try Listing.get(c, try c.existing(Kind.user, c.parameter("id")).doc) }

    static func ticketTypes(_ c: Context) throws -> Response { try Listing.list(c, .init(kind: Kind.ticketType)) }
    static func ticketType(_ c: Context) throws -> Response {
        try Listing.get(c, try c.existing(Kind.ticketType, c.parameter("id")).doc)
    }

    // MARK: Collections (seed era)

    static func collections(_ c: Context) throws -> Response {
        var source = Listing.Source(kind: Kind.collection)
        source.filters["type"] = { value in
            guard value == "project" || value == "component" else {
                throw StackOneError.badRequest("filter.type must be one of the following values: project, component")
            }
            return .compare(collectionType, .eq, [.text(value)])
        }
        return try Listing.list(c, source)
    }

    static func collection(_ c: Context) throws -> Response {
        try Listing.get(c, try c.existing(Kind.collection, c.parameter("id")).doc)
    }

    static func collectionTicketTypes(_ c: Context) throws -> Response {
        let id = try c.existing(Kind.collection, c.parameter("id")).key
        return try Listing.list(c, .init(kind: Kind.ticketType, conditions: [.compare(collectionID, .eq, [.text(id)])]))
    }

    // MARK: Projects and components (the same collections, current shape)

    static func projects(_ c: Context) throws -> Response {
        try Listing.list(c, .init(kind: Kind.collection, conditions: [.compare(collectionType, .eq, [.text("project")])], render: project))
    }

    static func projectRecord(_ c: Context) throws -> StoredRecord {
        let r = try c.existing(Kind.collection, c.parameter("id"))
        guard r.doc["type"]?.string == "project" else { throw StackOneError.notFound }
        return r
    }

    static func showProject(_ c: Context) throws -> Response { try Listing.get(c, project(try projectRecord(c))) }

    static func components(_ c: Context) throws -> Response {
        let p = try projectRecord(c)
        return try Listing.list(c, .init(kind: Kind.collection, conditions: [
            .compare(collectionType, .eq, [.text("component")]), .compare(parentID, .eq, [.text(p.key)]),
        ], render: component))
    }

    static func showComponent(_ c: Context) throws -> Response {
        let p = try projectRecord(c)
        let r = try c.existing(Kind.collection, c.parameter("sub"))
        guard r.doc["type"]?.string == "component", r.doc["parent_id"]?.string == p.key else { throw StackOneError.notFound }
        return try Listing.get(c, component(r))
    }

    static func projectTicketTypes(_ c: Context) throws -> Response {
        let p = try projectRecord(c)
        return try Listing.list(c, .init(kind: Kind.ticketType, conditions: [.compare(projectID, .eq, [.text(p.key)])]))
    }

    static func project(_ r: StoredRecord) -> JSON {
        pick(r.doc, ["id", "remote_id", "organization_id", "name", "description", "created_at", "updated_at"])
    }

    static func component(_ r: StoredRecord) -> JSON {
        var doc = pick(r.doc, ["id", "remote_id", "organization_id", "name", "description", "created_at", "updated_at"])
        doc.set("project_id", r.doc["parent_id"] ?? .null)
        return doc
    }

    static func pick(_ doc: JSON, _ keys: [String]) -> JSON {
        .object(keys.map { ($0, doc[$0] ?? .null) })
    }

    // MARK: A ticket's comments, attachments and statuses

    static func comments(_ c: Context) throws -> Response {
        let t = try c.existing(Kind.ticket, c.parameter("id"))
        return try Listing.list(c, .init(kind: Kind.comment, conditions: [.compare(ticketID, .eq, [.text(t.key)])]))
    }

    static func comment(_ c: Context) throws -> Response { try Listing.get(c, try child(c, Kind.comment).doc) }

    static func attachments(_ c: Context) throws -> Response {
        let t = try c.existing(Kind.ticket, c.parameter("id"))
        return try Listing.list(c, .init(kind: Kind.attachment, conditions: [.compare(ticketID, .eq, [.text(t.key)])]))
    }

    static func attachment(_ c: Context) throws -> Response { try Listing.get(c, try child(c, Kind.attachment).doc) }

    /// The attachment's bytes, with its type and a download file name.
    static func download(_ c: Context) throws -> Response {
        let a = try child(c, Kind.attachment)
        guard let blob = try c.store.blob(blobKey(a.key)) else { throw StackOneError.notFound }
        var h = HTTPHeaders()
        h.set("Content-Type", blob.contentType)
        h.set("Content-Disposition", HeaderValue.attachment(filename: a.doc["file_name"]?.string ?? "attachment"))
        return Response(status: 200, headers: h, body: blob.bytes)
    }

    static func blobKey(_ attachmentID: String) -> String { "attachment/\(attachmentID)" }

    /// The statuses a ticket may take: those of its ticket type, and those every type shares.
    static func statuses(_ c: Context) throws -> Response {
        let t = try c.existing(Kind.ticket, c.parameter("id"))
        let type = t.doc["type"]?["id"]?.string
        var source = Listing.Source(kind: Kind.status, render: TicketShape.publicStatus)
        source.keep = { TicketShape.status($0.doc, appliesTo: type) }
        return try Listing.list(c, source)
    }

    /// A comment or attachment of the ticket in the path; 404 when it belongs to another ticket.
    static func child(_ c: Context, _ kind: String) throws -> StoredRecord {
        let t = try c.existing(Kind.ticket, c.parameter("id"))
        let r = try c.existing(kind, c.parameter("sub"))
        guard r.doc["ticket_id"]?.string == t.key else { throw StackOneError.notFound }
        return r
    }
}
