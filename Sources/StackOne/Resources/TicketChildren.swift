import HTTP1
import Storage
import UnderstudyCore

/// A ticket's comments, attachments (with `download`) and statuses: seeded, read-only, listed under the ticket.
enum TicketChildren {
    static let ticketID = Attribute("ticket_id", .string)

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
