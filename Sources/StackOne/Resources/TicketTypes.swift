import HTTP1
import Storage
import UnderstudyCore

/// Ticket types (`/ticket_types`, `/ticket_types/:id`): seeded, read-only.
enum TicketTypes {
    static func list(_ c: Context) throws -> Response { try Listing.list(c, .init(kind: Kind.ticketType)) }
    static func show(_ c: Context) throws -> Response {
        try Listing.get(c, try c.existing(Kind.ticketType, c.parameter("id")).doc)
    }
}
