import HTTP1
import Storage
import UnderstudyCore

/// `/tickets`: list, get, create (201 envelope with `data{id, remote_id}`), update (PATCH, 200 envelope without data).
enum Tickets {
    /// Ticket numbers continue after the seeded ones.
    static let firstTicketNumber = 1001
    /// The provider's own ids for new tickets start here.
    static let firstRemoteID = 41001

    static func list(_ c: Context) throws -> Response { try Listing.list(c, .init(kind: Kind.ticket)) }

    static func show(_ c: Context) throws -> Response { try Listing.get(c, try c.existing(Kind.ticket, c.parameter("id")).doc) }

    static func create(_ c: Context) throws -> Response {
        let body = try jsonBody(c)
        let doc = try c.store.db.transaction { () -> JSON in
            let doc = try newTicket(body, store: c.store, organization: c.organization, id: c.request.ids.uuid(), now: c.nowText)
            try c.store.insert(Kind.ticket, seq: try c.store.nextSequence(Kind.ticket), key: doc["id"]?.string ?? "", doc: doc)
            return doc
        }
        return c.writeEnvelope(201, "Record created successfully.", data: ["id": doc["id"] ?? .null, "remote_id": doc["remote_id"] ?? .null])
    }

    static func update(_ c: Context) throws -> Response {
        let body = try jsonBody(c)
        try c.store.db.transaction {
            var record = try c.existing(Kind.ticket, c.parameter("id"))
            record.doc.set("updated_at", .string(c.nowText))
            try TicketShape.apply(body, to: &record.doc, store: c.store, organization: c.organization, allowed: TicketShape.updateFields)
            _ = try c.store.update(Kind.ticket, key: record.key, doc: record.doc)
        }
        return c.writeEnvelope(200, "Record updated successfully.")
    }

    /// Builds a ticket from a create body (also how the fixtures are loaded): numbered, typed, in its first status.
    static func newTicket(_ body: JSON, store: RecordStore, organization: JSON, id: String, now: String) throws -> JSON {
        let n = try store.nextSequence("ticket_number", floor: firstTicketNumber - 1)
        let remote = try store.nextSequence("ticket_remote_id", floor: firstRemoteID - 1)
        let number = "SUP-\(n)"
        let base = organization["ticket_url_base"]?.string ?? "https://provider.example/browse/"
        var doc = TicketShape.skeleton(id: id, remoteID: String(remote), number: number, url: base + number,
                                       organization: publicOrganization(organization), now: now)
        try TicketShape.apply(body, to: &doc, store: store, organization: organization, allowed: TicketShape.createFields)
        if doc["status"]?.isNull != false, let first = try TicketShape.initialStatus(forType: doc["type"]?["id"]?.string, store: store) {
            try TicketShape.setStatus(first, on: &doc, store: store, now: .string(now))
        }
        return doc
    }

    /// The organization as tickets show it.
    static func publicOrganization(_ o: JSON) -> JSON {
        ["id": o["id"] ?? .null, "remote_id": o["remote_id"] ?? .null, "name": o["name"] ?? .null, "domain": o["domain"] ?? .null]
    }

    /// The body as JSON; a body that is not JSON is StackOne's 400.
    static func jsonBody(_ c: Context) throws -> JSON {
        guard let json = try? c.request.bodyJSON() else { throw StackOneError.badRequest("The request body is not valid JSON") }
        return json
    }
}
