import HTTP1
import Storage
import UnderstudyCore

/// Saved searches: `/searches` lists them; `/searches/:id` runs a CI or ticket search (its stored Ransack query, with
/// the request's own `page`/`per_page`); any other owner class is 501, as the seed says.
enum Searches {
    static let kind = "searches"

    static func list(_ c: Context) throws -> Response {
        JSONResponse.make(200, .array(try c.store.list(RecordQuery(kind: kind)).map { render($0.doc) }))
    }

    static func run(_ c: Context) throws -> Response {
        guard let id = Int(c.parameter("id")), let search = try c.store.get(kind, key: String(id))?.doc else { throw BOSSDeskError.notFound }
        let stored = QueryString(search["query"]?.string ?? "").items.filter { $0.name.hasPrefix("q[") }
        let paging = c.query.items.filter { $0.name == "page" || $0.name == "per_page" }
        let query = QueryString(items: stored.map { ($0.name, $0.value) } + paging.map { ($0.name, $0.value) })
        switch search["owner_class"]?.string {
        case "ci":
            return try Listing.list(c, Listing.Spec(kind: Kind.ci, paginated: true, ransack: Cis.ransack), query: query) { try Cis.listItem($0.doc, c) }
        case "ticket":
            return try Listing.list(c, Listing.Spec(kind: Kind.ticket, paginated: true, ransack: Tickets.ransack), query: query) {
                try TicketView.listItem($0.doc, c)
            }
        default:
            throw BOSSDeskError.base(501, "Not implemented")
        }
    }

    static func render(_ s: JSON) -> JSON {
        .object(["id", "name", "created_at", "updated_at", "owner_class", "my_search"].map { ($0, s[$0] ?? .null) })
    }
}
