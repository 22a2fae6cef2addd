import HTTP1
import Storage
import UnderstudyCore

/// `/users`: list (pagination + search), show, create (`username` required and unique, `email` format), update (204).
enum Users {
    /// Internal ids are this plus the friendly id (the seed shows both kinds of id).
    static let idOffset = 8400
    /// Roles a user may be given (`role_ids`); any role makes the user an agent.
    static let roles: [Int: String] = [1: "Administrator", 2: "Technician", 3: "Manager"]
    static let ransack = Ransack([
        Attribute("id", .int), Attribute("friendly_id", .int), Attribute("username", .string), Attribute("email", .string),
        Attribute("first_name", .string), Attribute("last_name", .string), Attribute("designation", .string),
        Attribute("is_agent", .bool), Attribute("archived_at", .timestamp), Attribute("created_at", .timestamp),
        Attribute("updated_at", .timestamp), Attribute("group_id", .int), Attribute("location_id", .int),
        Attribute("group_name", .string, path: "$._search.group_name"),
        Attribute("location_name", .string, path: "$._search.location_name"),
    ])
    static let textFields = ["email", "first_name", "last_name", "domain_name", "designation", "phone", "mobile", "other_email", "time_zone"]

    static func list(_ c: Context) throws -> Response {
        try Listing.list(c, Listing.Spec(kind: Kind.user, paginated: true, ransack: ransack)) { listItem($0.doc) }
    }

    static func show(_ c: Context) throws -> Response {
        JSONResponse.make(200, try render(try c.existing(Kind.user, c.parameter("id")).doc, c))
    }

    static func create(_ c: Context) throws -> Response {
        let body = try c.body(root: "user")
        let doc = try c.store.db.transaction { () -> JSON in
            let friendly = try c.store.nextSequence(Kind.user)
            var doc: JSON = [
                "id": .int(idOffset + friendly), "friendly_id": .int(friendly), "username": .null, "email": "", "first_name": "",
                "last_name": "", "domain_name": "", "designation": "", "phone": "", "mobile": "", "other_email": "",
                "time_zone": .string(try accountTimeZone(c)),
                "is_agent": false, "archived_at": .null, "created_at": .string(c.nowText), "updated_at": .string(c.nowText),
                "location_id": .null, "group_id": .null, "tag_ids": [], "roles": [], "permissions": [:],
            ]
            try apply(body, to: &doc, c: c, creating: true)
            try c.store.insert(Kind.user, seq: friendly, key: String(friendly), doc: doc)
            return doc
        }
        return c.created(try render(doc, c), friendlyID: doc["friendly_id"])
    }

    static func update(_ c: Context) throws -> Response {
        try c.patch(Kind.user, root: "user") { body, doc in try apply(body, to: &doc, c: c, creating: false) }
    }

    /// The account's time zone (`GET /account`), what a user without one of their own has.
    static func accountTimeZone(_ c: Context) throws -> String {
        try c.store.get(Kind.account, key: "1")?.doc["time_zone"]?.string ?? "UTC"
    }

    /// Validates a user body (all errors at once, Rails style) and writes it into the document.
    static func apply(_ body: JSON, to doc: inout JSON, c: Context, creating: Bool) throws {
        var f = BodyFields(body)
        let username = f.string("username", required: creating)
        if let username, !username.trimmed.isEmpty {
            let holder = try c.store.first(Kind.user, where: [.compare(usernameAttribute, .eq, [.text(username)])])
            if let holder, holder.doc["friendly_id"] != doc["friendly_id"] {
                f.fail("username", RailsMessage.taken)
            } else {
                doc.set("username", .string(username))
            }
        } else if !creating && f.has("username") {
            f.fail("username", RailsMessage.blank)
        }
        for key in textFields { if let v = f.string(key) { doc.set(key, .string(v)) } }
        // Seed (users, create): a blank time zone is the account's.
        if doc["time_zone"]?.string?.trimmed.isEmpty ?? true { doc.set("time_zone", .string(try accountTimeZone(c))) }
        if let email = doc["email"]?.string, !email.isEmpty, !isEmail(email) { f.fail("email", RailsMessage.invalid) }
        for (key, table) in [("location_id", "locations"), ("group_id", "groups")] where f.has(key) {
            if f.value(key) == nil { doc.set(key, .null); continue }
            if let id = f.int(key) {
                if try c.lookup(table, id) == nil { f.fail(key, RailsMessage.doesNotExist) } else { doc.set(key, .int(id)) }
            }
        }
        if let tags = f.value("tag_ids") {
            if let ids = try c.tagIDs(tags, ownerClass: "user") { doc.set("tag_ids", .array(ids.map(JSON.int))) } else { f.fail("tag_ids", RailsMessage.invalid) }
        }
        if let roleIDs = f.value("role_ids") {
            let ids = roleIDs.array?.compactMap(\.int) ?? []
            if roleIDs.array == nil || ids.count != roleIDs.array?.count || ids.contains(where: { roles[$0] == nil }) {
                f.fail("role_ids", RailsMessage.invalid)
            } else {
                doc.set("roles", .array(ids.map { ["id": .int($0), "name": .string(roles[$0] ?? "")] }))
                doc.set("is_agent", .bool(!ids.isEmpty))
            }
        }
        try f.errors.check()
        doc.set("_search", [
            "group_name": try c.lookup("groups", doc["group_id"]?.int)?["name"] ?? .null,
            "location_name": try c.lookup("locations", doc["location_id"]?.int)?["name"] ?? .null,
        ])
    }

    static let usernameAttribute = Attribute("username", .string)

    static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !s.contains(where: \.isWhitespace)
    }

    // MARK: Rendering

    static func summary(_ u: JSON) -> JSON {
        .members(summaryMembers, of: u)
    }

    /// The members of a user's summary (as tickets, tasks and comments name users).
    static let summaryMembers: MemberNames = ["id", "friendly_id", "first_name", "last_name", "username"]

    static func listItem(_ u: JSON) -> JSON {
        .object(["id", "friendly_id", "first_name", "last_name", "username", "email", "is_agent", "archived_at", "updated_at"].map { ($0, u[$0] ?? .null) })
    }

    static func render(_ u: JSON, _ c: Context) throws -> JSON {
        var out = JSON.object((["id", "friendly_id"] + ["email", "first_name", "last_name", "username"] + textFields.dropFirst(3)
            + ["is_agent", "archived_at", "created_at", "updated_at"]).map { ($0, u[$0] ?? .null) })
        out.set("location", try c.reference("locations", u["location_id"]))
        out.set("tags", .array(try (u["tag_ids"]?.array ?? []).map { try c.reference("tags", $0) }))
        out.set("group", try c.reference("groups", u["group_id"]))
        out.set("roles", u["roles"] ?? [])
        return out
    }
}

extension Users {
    /// The stored user with this username (every request looks its user up: kept until users change).
    /// The user whose `id` this is (users are stored under their friendly id; their id is ``idOffset`` more).
    static func byID(_ id: Int, store: RecordStore) throws -> JSON? {
        guard id > idOffset, let doc = try store.get(Kind.user, key: String(id - idOffset))?.doc, doc["id"]?.int == id else { return nil }
        return doc
    }

    static func byUsername(_ username: String, store: RecordStore) throws -> JSON? {
        try store.derived(Kind.user, "username " + username) {
            try store.first(Kind.user, where: [.compare(usernameAttribute, .eq, [.text(username)])])?.doc
        }
    }
}
