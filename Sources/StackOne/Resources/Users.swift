import HTTP1
import Storage
import UnderstudyCore

/// Users (`/users`, `/users/:id`): seeded, read-only, in the SDK's TicketingUser shape.
enum Users {
    static func list(_ c: Context) throws -> Response { try Listing.list(c, .init(kind: Kind.user)) }
    static func show(_ c: Context) throws -> Response { try Listing.get(c, try c.existing(Kind.user, c.parameter("id")).doc) }
}
