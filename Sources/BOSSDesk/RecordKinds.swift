import HTTP1
import UnderstudyCore

/// The kinds of record a BOSSDesk tenant holds, as `POST /__admin/tenants/{id}/records` and the seed files write
/// them: the lookup tables and saved searches (read-only through the API: their answers' shape), and users, CIs and
/// tickets, checked by the API's own create rules. References may be written as the answers show them
/// (`"priority": {"id": 3}`, `"tags": [{"id": 1}]`) or as the create bodies do (`priority_id`, `tag_ids`).
enum RecordKinds {
    static let lookups = Lookups.tables.map { table in
        ShapedKind(table.name, table: BOSSDeskAPI.table, stored: table.name, ids: .integer, members: table.members).kind
    }
    static let searches = ShapedKind("searches", table: BOSSDeskAPI.table, stored: Searches.kind, ids: .integer,
                                     members: ["id", "name", "owner_class", "my_search", "query", "created_at", "updated_at"]).kind
    static let all = lookups + [searches, users, cis, tickets]

    /// A user through `POST /users`'s rules (username unique, email, location, group, tags, roles), then the members
    /// a create does not take (`is_agent`, `permissions`, `archived_at`, times).
    static let users = RecordKind("users", table: BOSSDeskAPI.table, stored: Kind.user, writable: true) { record, s in
        let item = flattened(record)
        let c = Fixtures.context(RecordStore(s.db, table: BOSSDeskAPI.table))
        let friendly = try friendlyID(item, kind: Kind.user, offset: Users.idOffset, c: c)
        let now = s.nowText
        var doc: JSON = [
            "id": .int(Users.idOffset + friendly), "friendly_id": .int(friendly), "username": .null, "email": "", "first_name": "",
            "last_name": "", "domain_name": "", "designation": "", "phone": "", "mobile": "", "other_email": "",
            "time_zone": .string(try Users.accountTimeZone(c)), "is_agent": false, "archived_at": .null, "created_at": now,
            "updated_at": now, "location_id": .null, "group_id": .null, "tag_ids": [], "roles": [], "permissions": [:],
        ]
        try Users.apply(item, to: &doc, c: c, creating: true)
        for key in ["is_agent", "permissions", "archived_at", "created_at", "updated_at"] { if let v = item[key], !v.isNull { doc.set(key, v) } }
        try c.store.insert(Kind.user, seq: friendly, key: String(friendly), doc: doc)
        return .int(friendly)
    }

    /// A CI through the create rules (name, type, status, location, manufacturer, tags, users), then its inventory,
    /// times, notes and attachments.
    static let cis = RecordKind("cis", table: BOSSDeskAPI.table, stored: Kind.ci, writable: true) { record, s in
        let c = Fixtures.context(RecordStore(s.db, table: BOSSDeskAPI.table))
        let item = s.timed(flattened(record))
        let given = try givenFriendlyID(item, kind: Kind.ci, c: c)
        return try numbered(try Fixtures.loadCI(item, c: c), given)
    }

    /// A ticket through the create rules (type, priority, category, requester, agent, team, tags, custom fields),
    /// then its status, times, comments, tasks, time entries and attachments.
    static let tickets = RecordKind("tickets", table: BOSSDeskAPI.table, stored: Kind.ticket, writable: true) { record, s in
        let c = Fixtures.context(RecordStore(s.db, table: BOSSDeskAPI.table))
        var item = s.timed(flattened(record))
        let given = try givenFriendlyID(item, kind: Kind.ticket, c: c)
        if item["status"] == nil || item["status"]?.isNull == true { item.set("status", "incoming") }
        guard let status = item["status"]?.string, TicketStatus.all.contains(status) else {
            throw RecordRefusal("status", "must be one of \(TicketStatus.all.joined(separator: ", "))")
        }
        return try numbered(try Fixtures.loadTicket(item, c: c), given)
    }

    /// The record's friendly id: `friendly_id`, else `id` less the kind's offset, else the next one; one in use is refused.
    private static func friendlyID(_ item: JSON, kind: String, offset: Int?, c: Context) throws -> Int {
        var given = try RecordRefusal.integerID(item, member: "friendly_id")
        if given == nil, let offset, let id = try RecordRefusal.integerID(item), id > offset { given = id - offset }
        guard let friendly = given else { return try c.store.nextSequence(kind) }
        guard try !c.store.exists(kind, key: String(friendly)) else { throw RecordRefusal("friendly_id", "\(friendly) is taken") }
        _ = try c.store.nextSequence(kind, floor: friendly - 1)
        return friendly
    }

    /// A `friendly_id` given for a record the loaders number (from it when it is free); one in use is refused.
    private static func givenFriendlyID(_ item: JSON, kind: String, c: Context) throws -> Int? {
        guard let given = try RecordRefusal.integerID(item, member: "friendly_id") else { return nil }
        guard try !c.store.exists(kind, key: String(given)) else { throw RecordRefusal("friendly_id", "\(given) is taken") }
        return given
    }

    /// The number a loader gave, which must be the one asked for (a loader never hands out one below those in use).
    private static func numbered(_ friendly: Int, _ given: Int?) throws -> JSON {
        if let given, given != friendly { throw RecordRefusal("friendly_id", "must be above the friendly ids already handed out") }
        return .int(friendly)
    }

    /// References as the answers show them turned into the members create bodies take, where those are absent.
    static func flattened(_ record: JSON) -> JSON {
        var item = record
        for one in ["type", "priority", "category", "extended_status", "requester", "agent", "team", "location", "group",
                    "status", "manufacturer"] {
            guard item[one + "_id"] == nil, let ref = item[one], ref.object != nil else { continue }
            item.set(one + "_id", ref["id"] ?? .null)
            item.remove(one)
        }
        for (many, ids) in [("tags", "tag_ids"), ("roles", "role_ids"), ("users", "user_ids"), ("cis", "ci_ids")] {
            guard item[ids] == nil, let refs = item[many]?.array, refs.allSatisfy({ $0.object != nil }) else { continue }
            item.set(ids, .array(refs.map { $0["id"] ?? .null }))
            item.remove(many)
        }
        return item
    }
}
