import Storage
import UnderstudyCore

/// Expense entries (`/api/v1/expense_entries`): costs other than fuel and service (insurance, tolls …). Create
/// needs `vehicle_id`, `expense_entry_type_id`, `total_amount` and `occurred_at`.
enum ExpenseEntries {
    static let kind = "expense_entry"

    static let resource = Resource(
        path: "expense_entries", kind: kind, operations: [.list, .show, .create, .update, .delete], firstID: 3_700_001,
        filters: [
            FilterField("vehicle_id", .int, [.eq, .include]), FilterField("vendor_id", .int, [.eq]),
            FilterField("expense_entry_type_id", .int, [.eq, .include]),
            FilterField("occurred_at", .timestamp, FilterOp.range),
            FilterField("created_at", .timestamp, FilterOp.range), FilterField("updated_at", .timestamp, FilterOp.range),
        ],
        sorts: Resource.timestamps,
        create: { c, body in
            var f = BodyFields(body)
            var doc = try read(c, &f, creating: true)
            try f.errors.check()
            doc.set("custom_fields", doc["custom_fields"] ?? [:])
            return try c.insertStamped(kind, firstID: 3_700_001, doc)
        },
        update: { c, record, body in
            var f = BodyFields(body)
            var doc = record.doc
            let changes = try read(c, &f, creating: false)
            try f.errors.check()
            for (k, v) in changes.object ?? [] { doc.set(k, v) }
            doc.set("updated_at", .string(c.nowText))
            return doc
        },
        render: render)

    /// Each member when present; on create the four required ones must be.
    private static func read(_ c: Context, _ f: inout BodyFields, creating: Bool) throws -> JSON {
        var out: JSON = [:]
        if creating || f.has("vehicle_id") { out.set("vehicle_id", .from(try c.reference(&f, "vehicle_id", Vehicles.kind, required: true)?.seq)) }
        if creating || f.has("expense_entry_type_id") {
            out.set("expense_entry_type_id", .from(try c.reference(&f, "expense_entry_type_id", ExpenseEntryTypes.kind, required: true)?.seq))
        }
        if creating || f.has("total_amount") { out.set("total_amount", .from(Amounts.read(&f, "total_amount", required: true))) }
        if creating || f.has("occurred_at") { out.set("occurred_at", .from(f.timestamp("occurred_at", required: true).map(RecordTime.format))) }
        if creating || f.has("vendor_id") { out.set("vendor_id", .from(try c.reference(&f, "vendor_id", Vendors.kind)?.seq)) }
        if creating || f.has("notes") { out.set("notes", .from(f.string("notes"))) }
        if f.has("custom_fields") { out.set("custom_fields", f.object("custom_fields") ?? [:]) }
        return out
    }

    static func render(_ c: Context, _ r: StoredRecord) throws -> JSON {
        let d = r.doc
        let vehicle = try c.find(Vehicles.kind, d["vehicle_id"]?.int)
        let vendor = try c.find(Vendors.kind, d["vendor_id"]?.int)
        let type = try c.find(ExpenseEntryTypes.kind, d["expense_entry_type_id"]?.int)
        let total = d["total_amount"]?.double ?? 0
        return [
            "id": .int(r.seq), "created_at": d["created_at"] ?? .null, "updated_at": d["updated_at"] ?? .null,
            "vehicle_id": d["vehicle_id"] ?? .null, "vehicle_name": .from(vehicle?.doc["name"]?.string), "vehicle": Embedded.vehicle(vehicle),
            "expense_entry_type_id": d["expense_entry_type_id"] ?? .null, "expense_entry_type_name": .from(type?.doc["name"]?.string),
            "vendor_id": d["vendor_id"] ?? .null, "vendor_name": .from(vendor?.doc["name"]?.string), "vendor": Embedded.named(vendor),
            "occurred_at": d["occurred_at"] ?? .null, "notes": d["notes"] ?? .null,
            "total_amount": FleetioNumber.json(total), "total_amount_cents": .int(FleetioNumber.cents(total)),
            "custom_fields": d["custom_fields"] ?? [:],
        ]
    }
}
