import HTTP1
import Storage
import UnderstudyCore

/// Saved searches: `/searches` lists them; `/searches/:id` runs a CI or ticket search (its stored Ransack query, with
/// the request's own `page`/`per_page`); any other owner class is 501, as the seed says. A search runs with the rules of
/// the list it searches: the agent needs that resource's `index` permission (else 403), and a CI search the CMDB on
/// the plan (else 402), exactly as `GET /cis` and `GET /tickets` would answer.
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
            try checkAccess(c, resource: "cis", path: "\(Routes.prefix)/cis")
            return try Listing.list(c, Listing.Spec(kind: Kind.ci, paginated: true, ransack: Cis.ransack), query: query) { try Cis.searchItem($0.doc, c) }
        case "ticket":
            try checkAccess(c, resource: "tickets", path: "\(Routes.prefix)/tickets")
            return try Listing.list(c, Listing.Spec(kind: Kind.ticket, paginated: true, ransack: Tickets.ransack), query: query) {
                try TicketView.listItem($0.doc, c)
            }
        default:
            throw BOSSDeskError.base(501, "Not implemented")
        }
    }

    /// What the list route of `resource` (at `path`) would refuse this agent: its plan limit, then its permission.
    private static func checkAccess(_ c: Context, resource: String, path: String) throws {
        if let refusal = try Plan.read(c.store).refusal(path: path) { throw refusal }
        guard Access.can(resource, "index").allows(c.user) else { throw BOSSDeskError.forbidden }
    }

    static func render(_ s: JSON) -> JSON {
        .object(["id", "name", "created_at", "updated_at", "owner_class", "my_search"].map { ($0, s[$0] ?? .null) })
    }
}
