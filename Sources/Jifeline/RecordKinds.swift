import Storage
import UnderstudyCore

/// The kinds of record a Jifeline tenant holds, as `POST /__admin/tenants/{id}/records` and the seed files write
/// them: tickets (read-only through the API: the shape rules below) and notes (through the API's own rules).
enum RecordKinds {
    static let all = [tickets, notes]

    /// A ticket as `GET /v2/tickets/tickets/{id}` shows it; members left out are null, `state` `prepared`,
    /// `created_at` now and `ticket_number` the next after the highest.
    static let tickets = RecordKind("tickets", table: JifelineAPI.table, stored: Tickets.kind, writable: false) { record, s in
        let store = RecordStore(s.db, table: JifelineAPI.table)
        let id = try uuid(record, "id") ?? s.ids.uuid()
        guard try !store.exists(Tickets.kind, key: id) else { throw RecordRefusal("id", "a ticket with id \(id) already exists") }
        let number: Int
        if let given = try RecordRefusal.integerID(record, member: "ticket_number") {
            number = given
        } else {
            let highest = try store.field("$.ticket_number", of: {
                var q = RecordQuery(kind: Tickets.kind)
                q.sort = [SortKey(Attribute("ticket_number", .int), descending: true)]
                q.limit = 1
                return q
            }()).first?.int ?? 100_000
            number = highest + 1
        }
        let state = record["state"]?.string ?? "prepared"
        guard Tickets.states.contains(state) else { throw RecordRefusal("state", "must be one of \(Tickets.states.joined(separator: ", "))") }
        var created = RecordTime.format(s.now)
        if let c = record["created_at"], !c.isNull {
            guard let t = c.string.flatMap(ISO8601.parse) else { throw RecordRefusal("created_at", "must be an RFC 3339 date-time") }
            created = c.string ?? ISO8601.format(t)
        }
        var doc: JSON = ["id": .string(id), "ticket_number": .int(number), "state": .string(state), "created_at": .string(created),
                         "customer_id": .from(try uuid(record, "customer_id"))]
        for member in ["vin", "vehicle_model_id", "customer_reference", "operator_reference", "external_reference"] {
            let v = record[member] ?? .null
            if member == "vehicle_model_id" {
                guard v.isNull || v.int != nil else { throw RecordRefusal(member, "must be an integer or null") }
            } else {
                guard v.isNull || v.string != nil else { throw RecordRefusal(member, "must be a string or null") }
            }
            doc.set(member, v)
        }
        try store.insert(Tickets.kind, seq: try store.nextSequence(Tickets.kind), key: id, doc: doc)
        return .string(id)
    }

    /// A note, checked by the same rules as `POST /v2/tickets/notes` (its ticket must exist, also one seeded
    /// earlier in the same request); `created_at` and `updated_at` may be given, the author is the API client.
    static let notes = RecordKind("notes", table: JifelineAPI.table, stored: Notes.kind, writable: true) { record, s in
        let store = RecordStore(s.db, table: JifelineAPI.table)
        let id = try uuid(record, "id") ?? s.ids.uuid()
        guard try !store.exists(Notes.kind, key: id) else { throw RecordRefusal("id", "a note with id \(id) already exists") }
        let fields: (ticketID: String, value: String, isPublic: Bool, categories: [String])
        do { fields = try Notes.read(record, store: store) } catch let e as JifelineError {
            throw e.status == 404 ? RecordRefusal("ticket_id", "no such ticket") : e.refusal
        }
        let client = try store.get(Fixtures.clientKind, key: "1")?.doc ?? [:]
        let doc: JSON = [
            "id": .string(id), "author_id": client["id"] ?? .null, "author_name": client["name"] ?? .null,
            "categories": .array(fields.categories.map(JSON.string)), "created_at": record["created_at"] ?? s.nowText,
            "is_public": .bool(fields.isPublic), "ticket_id": .string(fields.ticketID), "updated_at": record["updated_at"] ?? .null,
            "value": .string(fields.value),
        ]
        try store.insert(Notes.kind, seq: try store.nextSequence(Notes.kind), key: id, doc: doc)
        return .string(id)
    }

    /// A UUID member (lower-cased), or nil when absent.
    private static func uuid(_ record: JSON, _ member: String) throws -> String? {
        guard let v = try RecordRefusal.textID(record, member: member) else { return nil }
        guard Check.isUUID(v) else { throw RecordRefusal(member, "must be a UUID") }
        return v.lowercased()
    }
}
