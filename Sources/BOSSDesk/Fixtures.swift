import HTTP1
import Storage
import UnderstudyCore

/// Loads `seeds/bossdesk/`: the account, every lookup table, users and tickets (with comments, tasks and time
/// entries). Tickets go through the same validation as the API's own create.
enum Fixtures {
    static func load(into db: TenantDatabase, from directory: String) throws {
        let folder = "\(directory)/bossdesk"
        let store = RecordStore(db, table: BOSSDeskAPI.table)
        try store.insert(Kind.account, seq: 1, key: "1", doc: try FixtureError.readJSON(folder, "account"))
        for kind in RecordKinds.lookups { try kind.loadSeedFile(folder, into: db) }
        let c = context(store)
        for item in try list(folder, "users") { try loadUser(item, c: c, file: "\(folder)/users.json") }
        for item in try list(folder, "cis") { try loadCI(item, c: c) }
        try RecordKinds.searches.loadSeedFile(folder, into: db)
        for (i, item) in try list(folder, "tickets").enumerated() {
            do { try loadTicket(item, c: c) } catch {
                throw FixtureError(file: "\(folder)/tickets.json", reason: "ticket \(i): {\"errors\":\(BOSSDeskError.text(error))}")
            }
        }
    }

    static func list(_ folder: String, _ file: String) throws -> [JSON] {
        guard let items = try FixtureError.readJSON(folder, file).array else {
            throw FixtureError(file: "\(folder)/\(file).json", reason: "expected an array")
        }
        return items
    }

    /// A context for loading: no request behind it, acting as nobody in particular.
    static func context(_ store: RecordStore) -> Context {
        let request = APIRequest(http: Request(method: "POST", target: "/fixtures"), api: "bossdesk", path: "/fixtures",
                                 tenant: nil, now: 0, id: 0)
        return Context(store: store, request: request, user: [:])
    }

    static func loadUser(_ item: JSON, c: Context, file: String) throws {
        guard let friendly = item["friendly_id"]?.int else { throw FixtureError(file: file, reason: "a user without friendly_id") }
        var doc = item
        doc.set("id", .int(Users.idOffset + friendly))
        doc.set("_search", [
            "group_name": try c.lookup("groups", item["group_id"]?.int)?["name"] ?? .null,
            "location_name": try c.lookup("locations", item["location_id"]?.int)?["name"] ?? .null,
        ])
        _ = try c.store.nextSequence(Kind.user, floor: friendly - 1)
        try c.store.insert(Kind.user, seq: friendly, key: String(friendly), doc: doc)
    }

    /// A seeded CI: its create-body fields through the API's own checks, then its inventory, times and notes.
    @discardableResult
    static func loadCI(_ item: JSON, c: Context) throws -> Int {
        let friendly = try c.store.nextSequence(Kind.ci, floor: (item["friendly_id"]?.int ?? 1) - 1)
        var doc = Cis.skeleton(friendly: friendly, now: item["created_at"]?.string ?? "")
        let fields = ["name", "type_id", "status_id", "location_id", "manufacturer_id", "tag_ids", "user_ids", "custom_fields"] + Cis.textFields
        try Cis.apply(.object(fields.compactMap { k in item[k].map { (k, $0) } }), to: &doc, c: c, creating: true)
        for key in ["inventory", "inventory_updated_at", "online", "dns_host_name", "distinguished_name", "archived_at", "updated_at"] {
            doc.set(key, item[key] ?? .null)
        }
        doc.set("attachments", try attachments(item["attachments"], c: c))
        doc.set("notes", .array(try (item["notes"]?.array ?? []).map { n in
            var n = n
            n.set("id", .int(try c.store.nextSequence("note")))
            return n
        }))
        try Cis.index(&doc, c)
        try c.store.insert(Kind.ci, seq: friendly, key: String(friendly), doc: doc)
        return friendly
    }

    /// Seeded attachments: each gets an id, an object key and its bytes (`content`) as a blob.
    static func attachments(_ items: JSON?, c: Context) throws -> JSON {
        .array(try (items?.array ?? []).map { a in
            let id = try c.store.nextSequence("attachment")
            let name = a["name"]?.string ?? "file"
            let bytes = Array((a["content"]?.string ?? "").utf8)
            let object = "attachments/\(id)/\(Attachments.safeName(name))"
            try c.store.putBlob(Attachments.blobKey(object), contentType: a["content_type"]?.string ?? MediaType.forFilename(name), bytes: bytes)
            return ["id": .int(id), "name": .string(name), "description": a["description"] ?? .null, "size": .int(bytes.count),
                    "object": .string(object), "created_at": a["created_at"] ?? .null, "updated_at": a["created_at"] ?? .null,
                    "created_by_id": a["created_by_id"] ?? .null]
        })
    }

    @discardableResult
    static func loadTicket(_ item: JSON, c: Context) throws -> Int {
        let friendly = try c.store.nextSequence(Kind.ticket, floor: (item["friendly_id"]?.int ?? 1) - 1)
        var doc = Tickets.skeleton(friendly: friendly, now: item["created_at"]?.string ?? "", requester: item["requester_id"] ?? .null,
                                   source: item["source"]?.string ?? "api")
        let fields = ["title", "description", "type_id", "priority_id", "category_id", "extended_status_id", "requester_id",
                      "agent_id", "team_id", "tag_ids", "custom_fields", "due_at"]
        try TicketFields.apply(.object(fields.compactMap { k in item[k].map { (k, $0) } }), to: &doc, c: c, creating: true)
        for key in ["status", "created_at", "updated_at", "closed_at"] { doc.set(key, item[key] ?? .null) }
        doc.set("ci_ids", item["ci_ids"] ?? [])
        doc.set("lock_version", .int(item["comments"]?.array?.isEmpty == false ? 1 : 0))
        doc.set("attachments", try attachments(item["attachments"], c: c))
        doc.set("comments", .array(try (item["comments"]?.array ?? []).map { m in
            var m = m
            m.set("id", .int(try c.store.nextSequence("comment")))
            m.set("attachments", try attachments(m["attachments"], c: c))
            return m
        }))
        var tasks: [JSON] = []
        for t in item["tasks"]?.array ?? [] {
            var t = t
            t.set("id", .int(try c.store.nextSequence("task")))
            tasks.append(t)
        }
        doc.set("tasks", .array(tasks))
        doc.set("time_entries", .array(try (item["time_entries"]?.array ?? []).map { e in
            var e = e
            e.set("id", .int(try c.store.nextSequence("time_entry")))
            e.set("task_id", e["task_index"]?.int.flatMap { tasks.indices.contains($0) ? tasks[$0]["id"] : nil } ?? .null)
            e.remove("task_index")
            return e
        }))
        try Tickets.index(&doc, c)
        try c.store.insert(Kind.ticket, seq: friendly, key: String(friendly), doc: doc)
        return friendly
    }
}
