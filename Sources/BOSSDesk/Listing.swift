import HTTP1
import Storage
import UnderstudyCore

/// Lists as the seed describes them: a bare JSON array; where "Pagination: Yes", `page`/`per_page` (default 15,
/// clamped to 1..30) with `Link`, `Total` and `Per-Page`; where "Search: Yes", Ransack `q[...]` over an allow-list.
enum Listing {
    static let defaultPerPage = 15
    static let perPageRange = 1...30

    struct Spec {
        var kind: String
        var conditions: [Condition] = []
        var paginated = false
        /// nil when the list does not search.
        var ransack: Ransack?
        var defaultSort: [SortKey] = []
    }

    /// `query` replaces the request's query string (a saved search runs its stored one).
    static func list(_ c: Context, _ spec: Spec, query params: QueryString? = nil, render: (StoredRecord) throws -> JSON) throws -> Response {
        let params = params ?? c.query
        var query = RecordQuery(kind: spec.kind)
        query.conditions = spec.conditions
        query.sort = spec.defaultSort
        if let ransack = spec.ransack {
            let (conditions, sort) = ransack.parse(params)
            query.conditions += conditions
            if !sort.isEmpty { query.sort = sort }
        }
        guard spec.paginated else {
            return JSONResponse.make(200, .array(try c.store.list(query).map(render)))
        }
        let page = PageRequest.clamped(params, defaultPerPage: defaultPerPage, allowed: perPageRange)
        let total = try c.store.count(query)
        query.limit = page.perPage
        query.offset = page.offset
        let items = try c.store.list(query).map(render)
        let host = c.request.headers["Host"] ?? "localhost"
        let headers = page.linkHeaders(total: total, base: "http://\(host)/\(c.request.api)\(c.request.path)", query: c.query)
        return JSONResponse.make(200, .array(items), headers: headers)
    }
}
