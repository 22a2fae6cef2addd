import HTTP1
import Storage
import UnderstudyCore

/// What a BOSSDesk handler works with: the tenant's store, the request, the signed-in user, simulated now,
/// and a per-request cache of the lookup tables that tickets and users refer to.
final class Context {
    let store: RecordStore
    let request: APIRequest
    /// The stored document of the user whose API key signed the request.
    let user: JSON
    private let lookupCache: LookupCache
    private var userCache: [Int: JSON?] = [:]

    init(store: RecordStore, request: APIRequest, user: JSON, lookups: LookupCache = LookupCache()) {
        self.store = store
        self.request = request
        self.user = user
        lookupCache = lookups
    }

    var nowText: String { RecordTime.format(request.now) }
    var query: QueryString { request.query }

    /// A path parameter.
    func parameter(_ name: String) -> String { request.parameters[name] ?? "" }

    /// The record a `:friendly_id` names; 404 when there is none.
    func existing(_ kind: String, _ friendly: String) throws -> StoredRecord {
        guard let n = Int(friendly), n > 0, let r = try store.get(kind, key: String(n)) else { throw BOSSDeskError.notFound }
        return r
    }

    /// The object under the body's root key (`{"ticket": {…}}`); 400 when it is missing, as Rails' strong parameters do.
    func body(root: String) throws -> JSON {
        guard let json = try? request.bodyJSON() else { throw BOSSDeskError.base(400, "The request body is not valid JSON") }
        guard let inner = json[root], let members = inner.object, !members.isEmpty else {
            throw BOSSDeskError.missing(root)
        }
        return inner
    }

    /// `201 Created` with the new record and its `Location` (the request path plus its friendly id).
    func created(_ body: JSON, friendlyID: JSON?) -> Response {
        JSONResponse.make(201, body, headers: location(friendlyID))
    }

    /// The `Location` of a record created under the request path.
    func location(_ friendlyID: JSON?) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.set("Location", "/\(request.api)\(request.path)/\(friendlyID?.int ?? 0)")
        return headers
    }

    /// A PATCH of the record in the path: `change` applies the body under `root` (throwing 422s), then `updated_at`
    /// is stamped and the record stored; answers 204.
    func patch(_ kind: String, root: String, _ change: (JSON, inout JSON) throws -> Void) throws -> Response {
        let body = try self.body(root: root)
        try store.db.transaction {
            var record = try existing(kind, parameter("id"))
            try change(body, &record.doc)
            record.doc.set("updated_at", .string(nowText))
            _ = try store.update(kind, key: record.key, doc: record.doc)
        }
        return Response(status: 204)
    }

    // MARK: Lookups and users, as other records show them

    /// Every record of a lookup table by id.
    func lookups(_ kind: String) throws -> [Int: JSON] {
        if let cached = lookupCache.table(kind) { return cached }
        var table: [Int: JSON] = [:]
        for r in try store.list(RecordQuery(kind: kind)) { if let id = r.doc["id"]?.int { table[id] = r.doc } }
        lookupCache.store(kind, table)
        return table
    }

    func lookup(_ kind: String, _ id: Int?) throws -> JSON? {
        guard let id else { return nil }
        if let i = Self.ticketTables.firstIndex(of: kind) { return try ticketTables()[i][id] }
        return try lookups(kind)[id]
    }

    /// The lookup tables a ticket's answer refers to.
    static let ticketTables = ["ticket_types", "helpdesk_priorities", "helpdesk_categories", "teams",
                               "helpdesk_extended_statuses", "groups", "tags", "task_types"]

    /// The lookup tables a ticket names (``ticketTables``, in that order), found once per request:
    /// validating, indexing and answering a ticket look up several of them, each once or more.
    func ticketTables() throws -> [[Int: JSON]] {
        if let kept = ticketTablesKept { return kept }
        let kinds = Self.ticketTables
        let tables: [[Int: JSON]]
        if let bundled = lookupCache.bundle(kinds) {
            tables = bundled
        } else {
            for kind in kinds { _ = try lookups(kind) }
            tables = lookupCache.keepBundle(kinds)
        }
        ticketTablesKept = tables
        return tables
    }

    private var ticketTablesKept: [[Int: JSON]]?

    /// A `tag_ids` value: every id a tag of this owner class; nil when any is not.
    func tagIDs(_ value: JSON, ownerClass: String) throws -> [Int]? {
        guard let items = value.array else { return nil }
        var ids: [Int] = []
        for item in items {
            guard let id = item.int, try lookup("tags", id)?["owner_class"]?.string == ownerClass else { return nil }
            ids.append(id)
        }
        return ids
    }

    /// A `user_ids` value: every id an existing user's; nil when any is not.
    func userIDs(_ value: JSON) throws -> [Int]? {
        guard let items = value.array else { return nil }
        var ids: [Int] = []
        for item in items {
            guard let id = item.int, try userDoc(id) != nil else { return nil }
            ids.append(id)
        }
        return ids
    }

    /// A stored user by its `id` (seed: a user is referenced by `id`, not `friendly_id`: a ticket's `requester_id` and
    /// `agent_id`, a task's or time entry's `agent_id`, a CI's `user_ids`, every `created_by_id`).
    func userDoc(_ id: Int?) throws -> JSON? {
        guard let id else { return nil }
        if let cached = userCache[id] { return cached }
        let doc = try Users.byID(id, store: store)
        userCache[id] = doc
        return doc
    }

    /// A CI as a ticket shows it, or nil when there is no such CI.
    func ciOnTicket(_ friendly: Int) throws -> JSON? {
        guard let ci = try store.get(Kind.ci, key: String(friendly))?.doc else { return nil }
        return try Cis.onTicket(ci, self)
    }
}

extension Context {
    /// A reference to a lookup record (`members` of it: ``Reference/plain`` is `{id, name}`), or null.
    func reference(_ kind: String, _ id: JSON?, _ members: MemberNames = Reference.plain) throws -> JSON {
        guard let doc = try lookup(kind, id?.int) else { return .null }
        return .members(members, of: doc)
    }

    /// `{id, friendly_id, first_name, last_name, username}` of a user, or null.
    func userSummary(_ id: JSON?) throws -> JSON {
        guard let u = try userDoc(id?.int) else { return .null }
        return Users.summary(u)
    }
}

/// The members of references to lookup records as answers show them: `{id, name}` and any a kind adds.
enum Reference {
    static let plain: MemberNames = ["id", "name"]
    static let withShortcut: MemberNames = ["id", "name", "shortcut"]
    static let withColor: MemberNames = ["id", "name", "color"]
    static let withIcon: MemberNames = ["id", "name", "icon"]
    static let withColorAndIcon: MemberNames = ["id", "name", "color", "icon"]
}
