import HTTP1
import Storage
import UnderstudyCore

/// The generic handlers every Fleetio resource is served by: list (cursor or legacy pages), show, create,
/// update and delete, driven by the resource's description.
enum ResourceRoutes {
    /// Cursor page sizes (fleetio.md): default 50, 2...100.
    static let cursorPerPageDefault = 50
    static let cursorPerPageRange = 2...100
    /// `estimated_remaining_count` is capped here.
    static let remainingCountCap = 500
    /// Legacy page sizes: default 100, clamped to 1...100.
    static let legacyPerPageDefault = 100
    static let legacyPerPageRange = 1...100

    /// The handler of one operation of a resource.
    static func handler(_ op: Operation, _ r: Resource) -> FleetioAPI.Handler {
        switch op {
        case .list: return { try list(r, $0) }
        case .show: return { try show(r, $0) }
        case .create: return { try create(r, $0) }
        case .update: return { try update(r, $0) }
        case .delete: return { try delete(r, $0) }
        }
    }

    static func list(_ r: Resource, _ c: Context) throws -> Response {
        let req = try c.answering()
        return c.cursorPaging ? try cursorList(r, c, req, scope: []) : try legacyList(r, c, req, scope: [])
    }

    /// `/vehicles/:id/fuel_entries`: the list of one parent's records (404 when there is no such parent).
    static func list(_ r: Resource, under parent: Resource.Parent, _ c: Context) throws -> Response {
        let req = try c.answering()
        guard let raw = req.parameters["id"], let id = Int(raw), id > 0, try c.find(parent.kind, id) != nil else {
            throw FleetioError.notFound
        }
        let scope: [Condition] = [.pathEquals("$.\(parent.member)", .integer(Int64(id)))]
        return c.cursorPaging ? try cursorList(r, c, req, scope: scope) : try legacyList(r, c, req, scope: scope)
    }

    /// A member action (`PATCH /purchase_orders/:number/approve`): the record after it.
    static func action(_ name: String, _ r: Resource, _ c: Context) throws -> Response {
        let req = try c.answering()
        guard let run = r.actions[name] else { throw FleetioError.notFound }
        let updated = try c.store.db.transaction { () -> StoredRecord in
            var record = try existing(r, c, req)
            record.doc = try run(c, record)
            try c.store.update(r.kind, key: record.key, doc: record.doc)
            return record
        }
        return JSONResponse.make(200, try r.render(c, updated))
    }

    static func show(_ r: Resource, _ c: Context) throws -> Response {
        let record = try existing(r, c, try c.answering())
        return JSONResponse.make(200, try r.render(c, record))
    }

    static func create(_ r: Resource, _ c: Context) throws -> Response {
        let req = try c.answering()
        let body = try jsonObject(req)
        let record = try c.store.db.transaction { try r.create(c, body) }
        var headers = HTTPHeaders()
        let address = r.address == "id" ? record.key : (record.doc[r.address]?.int).map(String.init) ?? record.key
        headers.set("Location", "/\(req.api)\(req.path.hasSuffix("/") ? String(req.path.dropLast()) : req.path)/\(address)")
        return JSONResponse.make(201, try r.render(c, record), headers: headers)
    }

    static func update(_ r: Resource, _ c: Context) throws -> Response {
        let req = try c.answering()
        guard let apply = r.update else { throw FleetioError.notFound }
        let body = try jsonObject(req)
        let updated = try c.store.db.transaction { () -> StoredRecord in
            var record = try existing(r, c, req)
            let before = record.doc
            record.doc = try apply(c, record, body)
            // Rails saves nothing (and keeps updated_at) when no attribute changed, e.g. only unknown fields were sent.
            var unchanged = record.doc
            unchanged.set("updated_at", before["updated_at"] ?? .null)
            if unchanged == before { return StoredRecord(seq: record.seq, key: record.key, doc: before) }
            try c.store.update(r.kind, key: record.key, doc: record.doc)
            return record
        }
        return JSONResponse.make(200, try r.render(c, updated))
    }

    static func delete(_ r: Resource, _ c: Context) throws -> Response {
        let req = try c.answering()
        try c.store.db.transaction {
            let record = try existing(r, c, req)
            try r.cleanup?(c, record)
            try c.store.delete(r.kind, key: record.key)
        }
        return Response(status: 204)
    }

    // MARK: - Helpers

    /// The record the URL names by the resource's address member (its id, or e.g. a purchase order's number).
    private static func existing(_ r: Resource, _ c: Context, _ req: APIRequest) throws -> StoredRecord {
        guard let raw = req.parameters["id"], let id = Int(raw), id > 0 else { throw FleetioError.notFound }
        let record = r.address == "id"
            ? try c.find(r.kind, id)
            : try c.store.first(r.kind, where: [.pathEquals("$.\(r.address)", .integer(Int64(id)))])
        guard let record else { throw FleetioError.notFound }
        return record
    }

    /// The request body as a JSON object; an empty body is `{}` (Rails then reports what is missing).
    static func jsonObject(_ req: APIRequest) throws -> JSON {
        guard let json = try? req.bodyJSON() else { throw FleetioError(400, "The request body is not valid JSON") }
        guard json.object != nil else { throw FleetioError(400, "The request body must be a JSON object") }
        return json
    }

    private static func cursorList(_ r: Resource, _ c: Context, _ req: APIRequest, scope: [Condition]) throws -> Response {
        let q = req.query
        var perPage = cursorPerPageDefault
        if let raw = q["per_page"] {
            guard let n = ClientNumber.int(raw, in: cursorPerPageRange) else {
                throw FleetioError(400, "per_page must be an integer from \(cursorPerPageRange.lowerBound) to \(cursorPerPageRange.upperBound)")
            }
            perPage = n
        }
        var query = RecordQuery(kind: r.kind)
        query.conditions = scope
        var filteredBy: [JSON] = []
        var sortedBy: [JSON] = []
        for (name, value) in q.items {
            if let (field, op) = bracketPair(name, "filter") {
                guard let f = r.filter(named: field) else { throw FleetioError(400, "Unknown filter field: \(field)") }
                guard let fop = FilterOp(rawValue: op), f.ops.contains(fop) else {
                    throw FleetioError(400, "Unsupported filter operator for \(field): \(op)")
                }
                let raw = fop == .include ? value.split(separator: ",").map { String($0).trimmed } : [value]
                var values: [SQLValue] = []
                for v in raw {
                    if fop == .like { values.append(.text(v)); continue }
                    guard let converted = f.attribute.convert(v) else { throw FleetioError(400, "Invalid value for filter \(field): \(v)") }
                    values.append(converted)
                }
                query.conditions.append(.compare(f.attribute, fop.predicate, values))
                filteredBy.append([field: [op: .string(value)]])
            } else if name.hasPrefix("sort[") {
                guard let field = bracketOne(name, "sort"), let a = r.sort(named: field) else {
                    throw FleetioError(400, "Unknown sort field: \(name)")
                }
                let dir = value.lowercased()
                guard dir == "asc" || dir == "desc" else { throw FleetioError(400, "Sort direction must be asc or desc, got '\(value)'") }
                query.sort.append(SortKey(a, descending: dir == "desc"))
                sortedBy.append([field: .string(dir)])
            } else if name.hasPrefix("filter[") {
                throw FleetioError(400, "Malformed filter parameter: \(name)")
            }
        }
        if query.sort.isEmpty {
            query.sort = [SortKey(Resource.id, descending: true)]
            sortedBy = [["id": "desc"]]
        }
        // Fleetio's own Fivetran connector asks for the next page as `next_cursor=<cursor>`: the same as `start_cursor`.
        let startCursor = (q["start_cursor"] ?? q["next_cursor"]).flatMap { $0.isEmpty ? nil : $0 }
        if let startCursor {
            guard let k = Cursor.decode(startCursor), k.values.count == query.sort.count else {
                throw FleetioError(400, "Invalid start_cursor")
            }
            query.after = k
        }
        query.limit = perPage + 1
        var records = try c.store.list(query)
        let more = records.count > perPage
        if more { records.removeLast() }
        var nextCursor: JSON = .null
        var remaining = 0
        if more, let last = records.last {
            let k = try c.store.keyset(of: last, for: query)
            nextCursor = .string(Cursor.encode(k))
            var rest = query
            rest.after = k
            rest.limit = nil
            remaining = min(remainingCountCap, try c.store.count(rest))
        }
        let body: JSON = [
            "start_cursor": .from(startCursor), "next_cursor": nextCursor, "per_page": .int(perPage),
            "estimated_remaining_count": .int(remaining), "filtered_by": .array(filteredBy), "sorted_by": .array(sortedBy),
            "records": .array(try records.map { try r.render(c, $0) }),
        ]
        return JSONResponse.make(200, body)
    }

    private static func legacyList(_ r: Resource, _ c: Context, _ req: APIRequest, scope: [Condition]) throws -> Response {
        let page = PageRequest.clamped(req.query, defaultPerPage: legacyPerPageDefault, allowed: legacyPerPageRange)
        let (conditions, sort) = r.ransack.parse(req.query)
        var query = RecordQuery(kind: r.kind)
        query.conditions = scope + conditions
        query.sort = sort.isEmpty ? [SortKey(Resource.id, descending: true)] : sort
        let total = try c.store.count(query)
        query.limit = page.perPage
        query.offset = page.offset
        let records = try c.store.list(query)
        var headers = HTTPHeaders()
        headers.set("X-Pagination-Limit", String(page.perPage))
        headers.set("X-Pagination-Current-Page", String(page.page))
        headers.set("X-Pagination-Total-Pages", String(page.totalPages(total)))
        headers.set("X-Pagination-Total-Count", String(total))
        return JSONResponse.make(200, .array(try records.map { try r.render(c, $0) }), headers: headers)
    }

    /// `filter[a][b]` → (a, b).
    private static func bracketPair(_ name: String, _ head: String) -> (String, String)? {
        guard name.hasPrefix(head + "["), name.hasSuffix("]") else { return nil }
        let inner = name.dropFirst(head.count + 1).dropLast()
        let parts = inner.components(separatedBy: "][")
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return (parts[0], parts[1])
    }

    /// `sort[a]` → a.
    private static func bracketOne(_ name: String, _ head: String) -> String? {
        guard name.hasPrefix(head + "["), name.hasSuffix("]") else { return nil }
        let inner = String(name.dropFirst(head.count + 1).dropLast())
        return inner.isEmpty || inner.contains("[") || inner.contains("]") ? nil : inner
    }
}
