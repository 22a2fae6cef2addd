import UnderstudyCore

/// The kinds of record a Fleetio tenant holds, one per resource (named by its URL path), as
/// `POST /__admin/tenants/{id}/records` and the seed files write them. A resource clients can create is seeded
/// through its own create (the same rules and defaults, at the record's own recorded time), then given the members
/// creation does not take (its state, resolution times, anything the create leaves out); one clients can only read
/// is stored as given, under its id.
enum RecordKinds {
    static let all: [RecordKind] = FleetioAPI.resources.filter { $0.kind != Account.kind }.map { r in
        r.operations.contains(.create) ? created(r) : stored(r)
    }

    /// Members a seeded record keeps although its create sets them itself (the seed's recorded state).
    static func state(of r: Resource) -> [String] {
        Fixtures.created.first { $0.resource.path == r.path }?.state ?? []
    }

    /// The member holding a record's recorded creation time.
    static func createdAt(of r: Resource) -> String {
        Fixtures.created.first { $0.resource.path == r.path }?.at ?? "created_at"
    }

    static func created(_ r: Resource) -> RecordKind {
        RecordKind(r.path, table: FleetioAPI.table, stored: r.kind, writable: true) { record, s in
            let store = RecordStore(s.db, table: FleetioAPI.table)
            let at = createdAt(of: r)
            var when = s.now
            if let given = record[at], !given.isNull {
                guard let t = given.string.flatMap(ISO8601.parse) else { throw RecordRefusal(at, "must be an ISO 8601 time") }
                when = t
            }
            let id = try RecordRefusal.integerID(record)
            if let id {
                guard try !store.exists(r.kind, key: String(id)) else { throw RecordRefusal("id", "\(id) is taken") }
                // The create draws the next number: make it this one (never one handed out before).
                guard id >= r.firstID, try store.nextSequence(r.kind, floor: id - 2) == id - 1 else {
                    throw RecordRefusal("id", "must be at least \(r.firstID) and above the ids already handed out")
                }
            }
            let account = Account(try store.get(Account.kind, key: "1")?.doc ?? [:])
            let c = Context(store: store, clock: .fixed(when), account: account, version: .v1, versionHeader: nil)
            var made = try r.create(c, record)
            if let id, made.key != String(id) { throw RecordRefusal("id", "must be at least \(r.firstID) and above the ids already handed out") }
            let keep = Set(state(of: r))
            for (member, value) in record.object ?? [] where member != "id" && (keep.contains(member) || made.doc[member] == nil) {
                made.doc.set(member, value)
            }
            try store.update(r.kind, key: made.key, doc: made.doc)
            return .int(made.seq)
        }
    }

    static func stored(_ r: Resource) -> RecordKind {
        RecordKind(r.path, table: FleetioAPI.table, stored: r.kind, writable: false) { record, s in
            let store = RecordStore(s.db, table: FleetioAPI.table)
            let id: Int
            if let given = try RecordRefusal.integerID(record) {
                guard try !store.exists(r.kind, key: String(given)) else { throw RecordRefusal("id", "\(given) is taken") }
                _ = try store.nextSequence(r.kind, floor: given - 1)
                id = given
            } else {
                id = try store.nextSequence(r.kind, floor: r.firstID - 1)
            }
            var doc = record
            doc.set("id", .int(id))
            try store.insert(r.kind, seq: id, key: String(id), doc: doc)
            return .int(id)
        }
    }
}
