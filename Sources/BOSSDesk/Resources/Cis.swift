import HTTP1
import Storage
import UnderstudyCore

/// `/cis`: configuration items — list (pagination + search), show, by barcode, create (`name` required), update (204),
/// delete (204; 422 `base` while an open ticket links it) — and their notes.
enum Cis {
    /// Internal ids are this plus the friendly id.
    static let idOffset = 185_000
    static let references: [(key: String, table: String)] = [
        ("type_id", "ci_types"), ("status_id", "ci_statuses"), ("location_id", "locations"), ("manufacturer_id", "manufacturers"),
    ]
    static let textFields = ["description", "model", "serial_number", "control_number"]
    /// What `GET /cis/by_barcode/:barcode` compares, by the account's `ci_barcode_method`.
    static let barcodeAttributes: [String: Attribute] = [
        "name": Attribute("name", .string), "control_number": Attribute("control_number", .string),
        "serial_number": Attribute("serial_number", .string), "friendly_id": Attribute("friendly_id", .int),
    ]
    static let ransack = Ransack([
        Attribute("id", .int), Attribute("friendly_id", .int), Attribute("name", .string), Attribute("description", .string),
        Attribute("model", .string), Attribute("serial_number", .string), Attribute("control_number", .string),
        Attribute("online", .bool), Attribute("type_id", .int), Attribute("status_id", .int), Attribute("location_id", .int),
        Attribute("manufacturer_id", .int), Attribute("archived_at", .timestamp), Attribute("created_at", .timestamp),
        Attribute("updated_at", .timestamp),
    ] + ["type_name", "status_name", "location_name", "manufacturer_name"].map { Attribute($0, .string, path: "$._search.\($0)") })

    static func list(_ c: Context) throws -> Response {
        try Listing.list(c, Listing.Spec(kind: Kind.ci, paginated: true, ransack: ransack)) { try listItem($0.doc, c) }
    }

    static func show(_ c: Context) throws -> Response {
        JSONResponse.make(200, try full(try c.existing(Kind.ci, c.parameter("id")).doc, c))
    }

    static func byBarcode(_ c: Context) throws -> Response {
        let method = try c.store.get(Kind.account, key: "1")?.doc["ci_barcode_method"]?.string ?? "name"
        let attribute = barcodeAttributes[method] ?? barcodeAttributes["name"]!
        guard let value = attribute.convert(c.parameter("barcode")),
              let r = try c.store.first(Kind.ci, where: [.compare(attribute, .eq, [value])]) else { throw BOSSDeskError.notFound }
        return JSONResponse.make(200, try full(r.doc, c))
    }

    static func create(_ c: Context) throws -> Response {
        let body = try c.body(root: "ci")
        let doc = try c.store.db.transaction { () -> JSON in
            let friendly = try c.store.nextSequence(Kind.ci)
            var doc = skeleton(friendly: friendly, now: c.nowText)
            try apply(body, to: &doc, c: c, creating: true)
            let account = try c.store.get(Kind.account, key: "1")?.doc
            if doc["control_number"]?.string?.isEmpty != false, account?["autoassign_ci_control_numbers"]?.bool == true {
                doc.set("control_number", .string("CN-" + String(repeating: "0", count: max(0, 4 - String(friendly).count)) + String(friendly)))
            }
            try index(&doc, c)
            try c.store.insert(Kind.ci, seq: friendly, key: String(friendly), doc: doc)
            return doc
        }
        return c.created(try full(doc, c), friendlyID: doc["friendly_id"])
    }

    static func skeleton(friendly: Int, now: String) -> JSON {
        [
            "id": .int(idOffset + friendly), "friendly_id": .int(friendly), "name": .null, "description": "", "model": "",
            "serial_number": "", "control_number": "", "type_id": .null, "status_id": .null, "location_id": .null,
            "manufacturer_id": .null, "tag_ids": [], "user_ids": [], "custom_fields": [:], "inventory": .null,
            "inventory_updated_at": .null, "online": false, "dns_host_name": .null, "distinguished_name": .null,
            "archived_at": .null, "created_at": .string(now), "updated_at": .string(now), "notes": [],
        ]
    }

    static func update(_ c: Context) throws -> Response {
        try c.patch(Kind.ci, root: "ci") { body, doc in
            try apply(body, to: &doc, c: c, creating: false)
            try index(&doc, c)
        }
    }

    static func delete(_ c: Context) throws -> Response {
        try c.store.db.transaction {
            let record = try c.existing(Kind.ci, c.parameter("id"))
            if try !openTickets(linking: record.doc["friendly_id"]?.int ?? 0, c).isEmpty {
                throw BOSSDeskError.base(422, "can't delete the CI while open tickets are linked to it")
            }
            _ = try c.store.delete(Kind.ci, key: record.key)
        }
        return Response(status: 204)
    }

    /// Friendly ids of the tickets, not closed, whose `cis` include this CI.
    static func openTickets(linking ci: Int, _ c: Context) throws -> [Int] {
        var q = RecordQuery(kind: Kind.ticket)
        q.conditions = [.compare(Tickets.ransack.attribute(named: "status")!, .notEq, [.text(TicketStatus.closed)])]
        return try c.store.list(q).filter { ($0.doc["ci_ids"]?.array ?? []).contains(.int(ci)) }.map(\.seq)
    }

    /// Validates a CI body (every error at once) and writes it into the document.
    static func apply(_ body: JSON, to doc: inout JSON, c: Context, creating: Bool) throws {
        var f = BodyFields(body)
        if creating || f.has("name") {
            if let name = f.string("name", required: true), !name.trimmed.isEmpty { doc.set("name", .string(name)) }
        }
        for key in textFields { if let v = f.string(key) { doc.set(key, .string(v)) } }
        for (key, table) in references where f.has(key) {
            if f.value(key) == nil { doc.set(key, .null); continue }
            guard let id = f.int(key) else { continue }
            if try c.lookup(table, id) == nil { f.fail(key, RailsMessage.doesNotExist) } else { doc.set(key, .int(id)) }
        }
        if let tags = f.value("tag_ids") {
            if let ids = try c.tagIDs(tags, ownerClass: "ci") { doc.set("tag_ids", .array(ids.map(JSON.int))) } else { f.fail("tag_ids", RailsMessage.invalid) }
        }
        if let users = f.value("user_ids") {
            if let ids = try c.userIDs(users) { doc.set("user_ids", .array(ids.map(JSON.int))) } else { f.fail("user_ids", RailsMessage.invalid) }
        }
        if let custom = f.value("custom_fields") {
            if let members = custom.object {
                var values = doc["custom_fields"] ?? [:]
                for (id, value) in members {
                    if let v = try TicketFields.customValue(id, value, owner: "ci", c: c, errors: &f) { values.set(id, v) } else { values.remove(id) }
                }
                doc.set("custom_fields", values)
            } else {
                f.fail("custom_fields", RailsMessage.invalid)
            }
        }
        try f.errors.check()
    }

    /// Names for Ransack's association attributes (`q[type_name_eq]`).
    static func index(_ doc: inout JSON, _ c: Context) throws {
        doc.set("_search", [
            "type_name": try c.lookup("ci_types", doc["type_id"]?.int)?["name"] ?? .null,
            "status_name": try c.lookup("ci_statuses", doc["status_id"]?.int)?["name"] ?? .null,
            "location_name": try c.lookup("locations", doc["location_id"]?.int)?["name"] ?? .null,
            "manufacturer_name": try c.lookup("manufacturers", doc["manufacturer_id"]?.int)?["name"] ?? .null,
        ])
    }

    // MARK: Rendering (seed: "CIs")

    static func os(_ doc: JSON) -> JSON {
        guard let os = doc["inventory"]?["os"] else { return .null }
        return ["os": ["name": os["name"] ?? .null, "version": os["version"] ?? .null, "service_pack": os["service_pack"] ?? .null]]
    }

    static func listItem(_ doc: JSON, _ c: Context) throws -> JSON {
        ["id": doc["id"] ?? .null, "friendly_id": doc["friendly_id"] ?? .null, "name": doc["name"] ?? .null,
         "description": doc["description"] ?? .null, "online": doc["online"] ?? .null, "updated_at": doc["updated_at"] ?? .null,
         "archived": .bool(doc["archived_at"]?.isNull == false), "inventory": os(doc),
         "type": try c.reference("ci_types", doc["type_id"], Reference.withIcon),
         "status": try c.reference("ci_statuses", doc["status_id"], Reference.withColor)]
    }

    /// A CI as a saved CI search lists it (seed, `GET /searches/:id`): the list's members, with the description as
    /// `alias` and no `archived`.
    static func searchItem(_ doc: JSON, _ c: Context) throws -> JSON {
        ["id": doc["id"] ?? .null, "friendly_id": doc["friendly_id"] ?? .null, "name": doc["name"] ?? .null,
         "alias": doc["description"] ?? .null, "online": doc["online"] ?? .null, "updated_at": doc["updated_at"] ?? .null,
         "inventory": os(doc), "type": try c.reference("ci_types", doc["type_id"], Reference.withIcon),
         "status": try c.reference("ci_statuses", doc["status_id"], Reference.withColor)]
    }

    /// A CI as a ticket lists it.
    static func onTicket(_ doc: JSON, _ c: Context) throws -> JSON {
        ["id": doc["id"] ?? .null, "friendly_id": doc["friendly_id"] ?? .null, "name": doc["name"] ?? .null,
         "online": doc["online"] ?? .null, "updated_at": doc["updated_at"] ?? .null,
         "inventory_updated_at": doc["inventory_updated_at"] ?? .null, "archived_at": doc["archived_at"] ?? .null,
         "os": doc["inventory"]?["os"]?["name"] ?? .null, "type": try c.reference("ci_types", doc["type_id"], Reference.withIcon),
         "status": try c.reference("ci_statuses", doc["status_id"], Reference.withColor)]
    }

    static func full(_ doc: JSON, _ c: Context) throws -> JSON {
        var out: JSON = .object((["id", "friendly_id", "name"] + textFields).map { ($0, doc[$0] ?? .null) })
        out.set("type", try c.reference("ci_types", doc["type_id"], Reference.withIcon))
        out.set("status", try c.reference("ci_statuses", doc["status_id"], Reference.withColor))
        out.set("location", try c.reference("locations", doc["location_id"]))
        out.set("manufacturer", try c.reference("manufacturers", doc["manufacturer_id"]))
        out.set("tags", .array(try (doc["tag_ids"]?.array ?? []).map { try c.reference("tags", $0) }))
        out.set("users", .array(try (doc["user_ids"]?.array ?? []).compactMap { id -> JSON? in
            guard let u = try c.userDoc(id.int) else { return nil }
            var s = Users.summary(u)
            for key in ["email", "domain_name"] { s.set(key, u[key] ?? .null) }
            s.set("group", try c.reference("groups", u["group_id"]))   // seed: a CI's users carry their group
            s.set("roles", u["roles"] ?? [])
            return s
        }))
        out.set("purchase_order", .null)
        for key in ["custom_fields", "inventory", "inventory_updated_at", "online", "dns_host_name", "distinguished_name",
                    "archived_at", "created_at", "updated_at"] {
            out.set(key, doc[key] ?? .null)
        }
        return out
    }
}
