import Storage
import UnderstudyCore

/// Query and path checks shared by the endpoints (jifeline.md): UUIDs, limit/offset.
enum Check {
    /// limit 0...1000 (default 25), offset ≥ 0 (default 0).
    static let limitRange = 0...1000
    static let defaultLimit = 25

    /// Whether a string is a UUID (8-4-4-4-12 hex digits).
    static func isUUID(_ s: String) -> Bool {
        let u = s.utf8
        guard u.count == 36 else { return false }
        for (i, b) in u.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard b == 0x2D else { return false }
            } else {
                guard (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b) else { return false }
            }
        }
        return true
    }

    /// A UUID path parameter, lower-cased; 400 when malformed.
    static func uuid(_ value: String?, field: String) throws -> String {
        guard let v = value, isUUID(v) else { throw JifelineError.invalid(field, "must be a valid UUID") }
        return v.lowercased()
    }

    /// The parent id a child list is filtered by (`ticket_id` of notes, `note_id` of attachments): required (400),
    /// a UUID (400), an existing record of `kind` (404 naming it as `label`). Lower-cased.
    static func parent(_ c: Context, _ q: QueryString, field: String, kind: String, label: String) throws -> String {
        guard let raw = q[field] else { throw JifelineError.invalid(field, "is required") }
        let id = try uuid(raw, field: field)
        guard try c.store.exists(kind, key: id) else { throw JifelineError(404, "\(label) \(id) does not exist") }
        return id
    }

    /// `limit` and `offset` from the query; 400 when out of range.
    static func window(_ q: QueryString) throws -> (limit: Int, offset: Int) {
        var v = Violations()
        var limit = defaultLimit, offset = 0
        if let raw = q["limit"] {
            if let n = Int(raw), limitRange.contains(n) { limit = n } else { v.add("limit", "must be an integer from 0 to 1000") }
        }
        if let raw = q["offset"] {
            if let n = Int(raw), n >= 0 { offset = n } else { v.add("offset", "must be an integer of at least 0") }
        }
        try v.check()
        return (limit, offset)
    }

    /// The list envelope: applied query (with defaults), result page and total.
    static func list(_ query: [(String, JSON)], limit: Int, offset: Int, result: [JSON], total: Int) -> JSON {
        ["query": .object([("limit", .int(limit)), ("offset", .int(offset))] + query), "result": .array(result), "total": .int(total)]
    }

    /// Runs a query with limit/offset and answers the list envelope.
    static func page(_ c: Context, _ q: RecordQuery, window: (limit: Int, offset: Int), echo: [(String, JSON)],
                     render: (StoredRecord) throws -> JSON) throws -> JSON {
        var query = q
        let total = try c.store.count(query)
        query.limit = window.limit
        query.offset = window.offset
        let result = try c.store.list(query).map(render)
        return list(echo, limit: window.limit, offset: window.offset, result: result, total: total)
    }
}
