import Storage
import UnderstudyCore

/// Purchase orders (`/api/v1/purchase_orders/:number`, addressed by their number as pyfleetio does): create (a
/// vendor and a part location; line items of existing parts give the subtotal), list, show, update, delete, and the
/// approval workflow as member actions — submit_for_approval, approve, reject, purchase, undo_purchase, close —
/// each allowed only from the states Fleetio allows it from (else 422 on `state`).
enum PurchaseOrders {
    static let kind = "purchase_order"
    static let firstNumber = 1001

    /// Each action: the states it may start from, the state it ends in, and the member stamped with the time and user.
    static let transitions: [(action: String, from: [String], to: String, stamp: String?)] = [
        ("submit_for_approval", ["draft", "rejected"], "pending_approval", "submitted_for_approval"),
        ("approve", ["pending_approval"], "approved", "approved"),
        ("reject", ["pending_approval"], "rejected", "rejected"),
        ("purchase", ["approved"], "purchased", "purchased"),
        ("undo_purchase", ["purchased"], "approved", nil),
        ("close", ["draft", "pending_approval", "approved", "rejected", "purchased", "received_partial", "received_full"], "closed", "closed"),
    ]
    static let statusNames: [String: (name: String, color: String)] = [
        "draft": ("Draft", "gray"), "pending_approval": ("Pending Approval", "yellow"), "approved": ("Approved", "blue"),
        "rejected": ("Rejected", "red"), "purchased": ("Purchased", "purple"), "received_partial": ("Received Partial", "orange"),
        "received_full": ("Received Full", "green"), "closed": ("Closed", "black"),
    ]
    static let stampMembers = ["submitted_for_approval", "approved", "rejected", "purchased", "received_partial", "received_full", "closed"]

    static let resource = Resource(
        path: "purchase_orders", kind: kind, operations: [.list, .show, .create, .update, .delete], firstID: 3_900_001,
        filters: [
            FilterField("number", .int, [.eq]), FilterField("state", .string, [.eq, .include]),
            FilterField("vendor_id", .int, [.eq]), FilterField("part_location_id", .int, [.eq]),
            FilterField("created_at", .timestamp, FilterOp.range), FilterField("updated_at", .timestamp, FilterOp.range),
        ],
        sorts: [Attribute("number", .int)] + Resource.timestamps,
        create: create, update: update, render: render, address: "number",
        actions: Dictionary(uniqueKeysWithValues: transitions.map { t in
            (t.action, { @Sendable (c: Context, r: StoredRecord) throws -> JSON in try move(c, r, t.action) })
        }))

    static func create(_ c: Context, _ body: JSON) throws -> StoredRecord {
        var f = BodyFields(body)
        var doc = try read(c, &f, excluding: nil, creating: true)
        let items = try lineItems(c, &f)
        try f.errors.check()
        if doc["number"] == nil || doc["number"]?.isNull == true { doc.set("number", .int(try nextNumber(c))) }
        doc.set("state", "draft")
        doc.set("_line_items", .array(items))
        doc.set("created_by_id", .int(c.account.userID))
        for m in stampMembers {
            doc.set(m + "_at", .null)
            doc.set(m + "_by_id", .null)
        }
        return try c.insertStamped(kind, firstID: resource.firstID, doc)
    }

    static func update(_ c: Context, _ record: StoredRecord, _ body: JSON) throws -> JSON {
        var f = BodyFields(body)
        var doc = record.doc
        let changes = try read(c, &f, excluding: record.key, creating: false)
        let items = f.has("purchase_order_line_items_attributes") ? try lineItems(c, &f) : nil
        try f.errors.check()
        for (k, v) in changes.object ?? [] { doc.set(k, v) }
        if let items { doc.set("_line_items", .array(items)) }
        doc.set("updated_at", .string(c.nowText))
        return doc
    }

    /// Runs one workflow action, or refuses it from the current state.
    static func move(_ c: Context, _ r: StoredRecord, _ action: String) throws -> JSON {
        guard let t = transitions.first(where: { $0.action == action }) else { throw FleetioError.notFound }
        var doc = r.doc
        let state = doc["state"]?.string ?? "draft"
        guard t.from.contains(state) else {
            var errors = FieldErrors()
            errors.add("state", "cannot transition via \"\(action)\"")
            throw errors
        }
        doc.set("state", .string(t.to))
        if let stamp = t.stamp {
            doc.set(stamp + "_at", .string(c.nowText))
            doc.set(stamp + "_by_id", .int(c.account.userID))
        } else if action == "undo_purchase" {
            doc.set("purchased_at", .null)
            doc.set("purchased_by_id", .null)
        }
        doc.set("updated_at", .string(c.nowText))
        return doc
    }

    private static func read(_ c: Context, _ f: inout BodyFields, excluding key: String?, creating: Bool) throws -> JSON {
        var out = Charges.read(&f, creating: creating, shipping: true)
        if creating || f.has("vendor_id") { out.set("vendor_id", .from(try c.reference(&f, "vendor_id", Vendors.kind, required: true)?.seq)) }
        if creating || f.has("part_location_id") {
            out.set("part_location_id", .from(try c.reference(&f, "part_location_id", PartLocations.kind, required: true)?.seq))
        }
        if creating || f.has("description") { out.set("description", .from(f.string("description"))) }
        if creating || f.has("custom_fields") { out.set("custom_fields", f.object("custom_fields") ?? [:]) }
        if f.has("number"), let n = f.int("number", min: 1) {
            if let other = try c.store.first(kind, where: [.pathEquals("$.number", .integer(Int64(n)))]), other.key != key {
                f.fail("number", RailsMessage.taken)
            }
            out.set("number", .int(n))
        }
        return out
    }

    /// `purchase_order_line_items_attributes`: `[{part_id, quantity, unit_cost}]`, the part must exist.
    private static func lineItems(_ c: Context, _ f: inout BodyFields) throws -> [JSON] {
        guard let items = f.objects("purchase_order_line_items_attributes") else { return [] }
        var out: [JSON] = []
        for item in items {
            var nested = BodyFields(item, prefix: "purchase_order_line_items.")
            let part = try c.reference(&nested, "part_id", Parts.kind, required: true)
            let quantity = Amounts.read(&nested, "quantity", required: true)
            let cost = Amounts.read(&nested, "unit_cost") ?? part?.doc["unit_cost"]?.double ?? 0
            for (field, messages) in nested.errors.fields { for m in messages { f.errors.add(field, m) } }
            if let part, let quantity { out.append(["part_id": .int(part.seq), "quantity": .double(quantity), "unit_cost": .double(cost)]) }
        }
        return out
    }

    private static func nextNumber(_ c: Context) throws -> Int {
        var q = RecordQuery(kind: kind)
        q.sort = [SortKey(Attribute("number", .int), descending: true)]
        q.limit = 1
        let highest = try c.store.list(q).first?.doc["number"]?.int ?? (firstNumber - 1)
        return highest < Int.max ? highest + 1 : firstNumber
    }

    static func render(_ c: Context, _ r: StoredRecord) throws -> JSON {
        let d = r.doc
        let vendor = try c.find(Vendors.kind, d["vendor_id"]?.int)
        let location = try c.find(PartLocations.kind, d["part_location_id"]?.int)
        let subtotal = (d["_line_items"]?.array ?? []).reduce(0.0) { $0 + ($1["quantity"]?.double ?? 0) * ($1["unit_cost"]?.double ?? 0) }
        let state = d["state"]?.string ?? "draft"
        let status = statusNames[state] ?? (state, "gray")
        var out: JSON = [
            "id": .int(r.seq), "created_at": d["created_at"] ?? .null, "updated_at": d["updated_at"] ?? .null,
            "number": d["number"] ?? .null, "state": .string(state), "status_name": .string(status.name), "status_color": .string(status.color),
            "purchase_order_status_id": .null, "description": d["description"] ?? .null,
            "vendor_id": d["vendor_id"] ?? .null, "vendor_name": .from(vendor?.doc["name"]?.string), "vendor": Embedded.named(vendor),
            "part_location_id": d["part_location_id"] ?? .null, "part_location_name": .from(location?.doc["name"]?.string),
            "created_by_id": d["created_by_id"] ?? .null, "created_by": .string(c.account.userName),
            "approved_by": d["approved_by_id"]?.int != nil ? .string(c.account.userName) : .null,
            "labels": [], "custom_fields": d["custom_fields"] ?? [:], "comments_count": 0, "documents_count": 0, "watchers_count": 0,
        ]
        for m in stampMembers {
            out.set(m + "_at", d[m + "_at"] ?? .null)
            out.set(m + "_by_id", d[m + "_by_id"] ?? .null)
        }
        for (k, v) in Charges.render(d, subtotal: FleetioNumber.rounded(subtotal, places: 2), discountPercentageAsNumber: true).object ?? [] { out.set(k, v) }
        return out
    }
}
