import Foundation
import HTTP1
import Storage
import UnderstudyCore

/// The one list and get machinery every StackOne endpoint uses (stackone.md, "Lists"): `page_size`, signed opaque
/// `next` cursors, `filter[updated_after]`, `fields`, `raw=true`, and the deprecated `page` / `updated_after`.
enum Listing {
    static let defaultPageSize = 25
    static let pageSizes = 1...100
    static let updatedAt = Attribute("updated_at", .timestamp)

    /// Which records a list holds: a kind, conditions, and an optional in-memory filter for what SQL cannot say.
    struct Source {
        var kind: String
        var conditions: [Condition] = []
        var keep: ((StoredRecord) -> Bool)?
        /// What each stored record looks like to the client.
        var render: (StoredRecord) -> JSON = { $0.doc }
        /// Extra `filter[name]` parameters this list accepts, each turned into a condition.
        var filters: [String: (String) throws -> Condition] = [:]
    }

    /// `{"next": cursor|null, "data": [...]}` (+ `raw` when asked), oldest first.
    static func list(_ c: Context, _ source: Source) throws -> Response {
        let q = c.request.query
        let size = try pageSize(q)
        var query = RecordQuery(kind: source.kind)
        query.conditions = source.conditions + (try filters(q, source))
        if let token = q["next"].flatMap(nonEmpty) ?? q["page"].flatMap(nonEmpty) {
            query.after = Keyset(values: [], seq: try cursorSeq(token, c))
        }
        var records: [StoredRecord]
        if let keep = source.keep {
            records = try c.store.list(query).filter(keep)
            records = Array(records.prefix(size + 1))
        } else {
            query.limit = size + 1
            records = try c.store.list(query)
        }
        let more = records.count > size
        if more { records.removeLast() }
        let next: JSON = more ? .string(cursor(after: records.last!.seq, c)) : .null
        let data = try records.map { try shape(source.render($0), q) }
        var body: JSON = ["next": next, "data": .array(data)]
        if isTrue(q["raw"]) { body.set("raw", raw(c, data: .array(data))) }
        return JSONResponse.make(200, body)
    }

    /// `{"data": {...}}` (+ `raw`) for one record.
    static func get(_ c: Context, _ doc: JSON) throws -> Response {
        let q = c.request.query
        let data = try shape(doc, q)
        var body: JSON = ["data": data]
        if isTrue(q["raw"]) { body.set("raw", raw(c, data: data)) }
        return JSONResponse.make(200, body)
    }

    // MARK: - Parameters

    static func pageSize(_ q: QueryString) throws -> Int {
        guard let raw = q["page_size"].flatMap(nonEmpty) else { return defaultPageSize }
        guard let n = ClientNumber.int(raw, in: pageSizes) else {
            throw StackOneError.badRequest("page_size must be an integer from \(pageSizes.lowerBound) to \(pageSizes.upperBound)")
        }
        return n
    }

    static func filters(_ q: QueryString, _ source: Source) throws -> [Condition] {
        var conditions: [Condition] = []
        if let raw = q["filter[updated_after]"].flatMap(nonEmpty) ?? q["updated_after"].flatMap(nonEmpty) {
            guard let value = updatedAt.convert(raw) else {
                throw StackOneError.badRequest("filter.updated_after must be a valid ISO 8601 date-time")
            }
            conditions.append(.compare(updatedAt, .gt, [value]))
        }
        for (name, make) in source.filters {
            if let raw = q["filter[\(name)]"].flatMap(nonEmpty) { conditions.append(try make(raw)) }
        }
        return conditions
    }

    /// `fields=a,b`: only those fields of each record (unknown names are simply absent).
    static func shape(_ doc: JSON, _ q: QueryString) throws -> JSON {
        guard let raw = q["fields"].flatMap(nonEmpty), let members = doc.object else { return doc }
        let wanted = Set(raw.split(separator: ",").map { String($0).trimmed })
        return .object(members.filter { wanted.contains($0.0) })
    }

    /// The provider call a unified answer was built from, as `raw=true` shows it.
    static func raw(_ c: Context, data: JSON) -> JSON {
        let domain = c.organization["domain"]?.string ?? "provider.example"
        let path = c.request.path.replacingOccurrences(of: "/unified/ticketing", with: "/rest/api/3")
        return [["method": .string(c.request.method), "url": .string("https://api.\(domain)\(path)"), "body": .null,
                 "response": data]]
    }

    // MARK: - Cursors

    /// `base64url(path|seq).signature`: opaque to clients, bound to the tenant and the list it came from.
    static func cursor(after seq: Int, _ c: Context) -> String {
        let payload = Array("\(c.request.path)|\(seq)".utf8)
        return Base64.encode(payload, url: true) + "." + signature(payload, c)
    }

    static func cursorSeq(_ token: String, _ c: Context) throws -> Int {
        let invalid = StackOneError.badRequest("next must be a cursor returned by this list")
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Base64.decode(String(parts[0]), url: true),
              String(parts[1]) == signature(payload, c),
              let text = String(validating: payload, as: UTF8.self), let bar = text.lastIndex(of: "|"),
              text[..<bar] == c.request.path, let seq = Int(text[text.index(after: bar)...]) else { throw invalid }
        return seq
    }

    static func signature(_ payload: [UInt8], _ c: Context) -> String {
        String(SHA256.hex(SHA256.hmac(key: c.cursorKey, payload)).prefix(24))
    }

    static func nonEmpty(_ s: String) -> String? { s.isEmpty ? nil : s }

    static func isTrue(_ s: String?) -> Bool { s.map { $0 == "true" || $0 == "1" } ?? false }
}
