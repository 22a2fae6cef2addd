/// A kind of record the vendor's API only reads (lookup tables, users of a unified API, …): seeded with the shape
/// rules of its answers. Every member the vendor shows is kept (one left out is null; `created_at` and
/// `updated_at` are simulated now), a member it does not show is refused, ids are kept when given and made when not,
/// `…_id` members hold ids, `…_ids` members arrays of them, and a reference listed in `references` must name a
/// record the tenant holds (one seeded earlier in the same request too).
public struct ShapedKind: Sendable {
    /// How the kind's records are keyed.
    public enum IDs: Sendable {
        /// Positive integers; the record's sequence number is its id.
        case integer
        /// Text; new ones are `prefix` + 12 hex digits.
        case text(prefix: String)
    }

    public let name: String
    public let table: RecordTable
    /// The kind the records are stored as.
    public let stored: String
    public let ids: IDs
    /// The members the vendor's answer shows, in its order.
    public let members: [String]
    /// Member → the stored kind its value must name.
    public let references: [String: String]

    public init(_ name: String, table: RecordTable, stored: String, ids: IDs, members: [String], references: [String: String] = [:]) {
        self.name = name
        self.table = table
        self.stored = stored
        self.ids = ids
        self.members = members
        self.references = references
    }

    /// The record kind that writes these records.
    public var kind: RecordKind {
        let shape = self
        return RecordKind(name, table: table, stored: stored, writable: false) { record, s in try shape.write(record, s) }
    }

    func write(_ record: JSON, _ s: Seeding) throws -> JSON {
        for (member, _) in record.object ?? [] where !members.contains(member) {
            throw RecordRefusal(member, "is not a member of \(name)")
        }
        let store = RecordStore(s.db, table: table)
        let id: JSON, seq: Int, key: String
        switch ids {
        case .integer:
            if let given = try RecordRefusal.integerID(record) {
                guard try !store.exists(stored, key: String(given)) else { throw RecordRefusal("id", "\(given) is taken") }
                _ = try store.nextSequence(stored, floor: given - 1)
                (id, seq, key) = (.int(given), given, String(given))
            } else {
                seq = try store.nextSequence(stored)
                (id, key) = (.int(seq), String(seq))
            }
        case .text(let prefix):
            key = try RecordRefusal.textID(record) ?? s.ids.token(prefix)
            guard try !store.exists(stored, key: key) else { throw RecordRefusal("id", "\(key) is taken") }
            (id, seq) = (.string(key), try store.nextSequence(stored))
        }
        var doc: [(String, JSON)] = []
        for member in members {
            if member == "id" { doc.append((member, id)); continue }
            var value = record[member] ?? .null
            if value.isNull, member == "created_at" || member == "updated_at" { value = s.nowText }
            try check(member, value)
            if let kind = references[member], !value.isNull {
                let target = value.int.map(String.init) ?? value.string ?? ""
                guard try store.exists(kind, key: target) else { throw RecordRefusal(member, "no such \(kind) \(target)") }
            }
            doc.append((member, value))
        }
        try store.insert(stored, seq: seq, key: key, doc: .object(doc))
        return id
    }

    /// The shape rules every kind shares: ids where a member names one, arrays of them, timestamps.
    private func check(_ member: String, _ value: JSON) throws {
        guard !value.isNull else { return }
        let idValue: (JSON) -> Bool = { v in
            switch ids {
            case .integer: return v.int != nil
            case .text: return v.string != nil
            }
        }
        if member.hasSuffix("_id"), !idValue(value) { throw RecordRefusal(member, "must be an id or null") }
        if member.hasSuffix("_ids"), !(value.array?.allSatisfy(idValue) ?? false) { throw RecordRefusal(member, "must be an array of ids") }
        if member.hasSuffix("_at"), value.string.flatMap(ISO8601.parse) == nil { throw RecordRefusal(member, "must be an ISO 8601 time or null") }
    }
}
