import Storage
import UnderstudyCore

/// Service entries (`/api/v1` and `/api/v2/service_entries`, `/vehicles/:id/service_entries`): work done on a
/// vehicle. Create needs `vehicle_id` and `completed_at` (`started_at`, when given, not after it); labor and parts
/// subtotals with a discount and two taxes give the totals; an odometer reading moves the vehicle's meter.
enum ServiceEntries {
    static let kind = "service_entry"

    static let resource = Resource(
        path: "service_entries", kind: kind, versions: [.v1, .v2, .unversioned],
        operations: [.list, .show, .create, .update, .delete], firstID: 3_600_001,
        filters: [
            FilterField("vehicle_id", .int, [.eq, .include]), FilterField("vendor_id", .int, [.eq]),
            FilterField("reference", .string, [.eq, .like]),
            FilterField("completed_at", .timestamp, FilterOp.range), FilterField("started_at", .timestamp, FilterOp.range),
            FilterField("created_at", .timestamp, FilterOp.range), FilterField("updated_at", .timestamp, FilterOp.range),
        ],
        sorts: Resource.timestamps,
        create: create, update: update, render: render,
        parents: [Resource.Parent(path: "vehicles", kind: Vehicles.kind, member: "vehicle_id")])

    static func create(_ c: Context, _ body: JSON) throws -> StoredRecord {
        var f = BodyFields(body)
        let vehicle = try c.reference(&f, "vehicle_id", Vehicles.kind, required: true)
        let completed = f.timestamp("completed_at", required: true)
        var doc = try readCommon(c, &f, creating: true)
        let meter = MeterEntries.read(&f, "meter_entry_attributes")
        checkOrder(&f, started: doc["started_at"]?.string, completed: completed.map(RecordTime.format))
        try f.errors.check()
        guard let vehicle, let completed else { throw FieldErrors() }
        doc.set("vehicle_id", .int(vehicle.seq))
        doc.set("completed_at", .string(RecordTime.format(completed)))
        return try c.insert(kind, firstID: resource.firstID) { id in
            doc.set("id", .int(id))
            doc.set("created_at", .string(c.nowText))
            doc.set("updated_at", .string(c.nowText))
            doc.set("primary_meter_entry", try meter.map {
                try MeterEntries.record(c, $0, vehicleID: vehicle.seq, date: RecordTime.format(completed), owner: ("ServiceEntry", id), secondary: false)
            } ?? .null)
            return doc
        }
    }

    static func update(_ c: Context, _ record: StoredRecord, _ body: JSON) throws -> JSON {
        var f = BodyFields(body)
        var doc = record.doc
        if f.has("vehicle_id"), let v = try c.reference(&f, "vehicle_id", Vehicles.kind, required: true) { doc.set("vehicle_id", .int(v.seq)) }
        if f.has("completed_at"), let t = f.timestamp("completed_at", required: true) { doc.set("completed_at", .string(RecordTime.format(t))) }
        let changes = try readCommon(c, &f, creating: false)
        for (k, v) in changes.object ?? [] { doc.set(k, v) }
        checkOrder(&f, started: doc["started_at"]?.string, completed: doc["completed_at"]?.string)
        try f.errors.check()
        doc.set("updated_at", .string(c.nowText))
        return doc
    }

    /// `started_at` after `completed_at` is refused on `started_at`.
    private static func checkOrder(_ f: inout BodyFields, started: String?, completed: String?) {
        if let started, let completed, let s = ISO8601.parse(started), let e = ISO8601.parse(completed), s > e {
            f.fail("started_at", "must be before completed at")
        }
    }

    private static func readCommon(_ c: Context, _ f: inout BodyFields, creating: Bool) throws -> JSON {
        var out = Charges.read(&f, creating: creating, shipping: false)
        func take(_ key: String, _ value: () throws -> JSON) rethrows { if f.has(key) || creating { out.set(key, try value()) } }
        take("started_at") { .from(f.timestamp("started_at").map(RecordTime.format)) }
        try take("vendor_id") { .from(try c.reference(&f, "vendor_id", Vendors.kind)?.seq) }
        take("reference") { .from(f.string("reference", max: 255)) }
        take("general_notes") { .from(f.string("general_notes")) }
        take("labor_subtotal") { Amounts.read(&f, "labor_subtotal").map(JSON.double) ?? .null }
        take("parts_subtotal") { Amounts.read(&f, "parts_subtotal").map(JSON.double) ?? .null }
        take("fees") { Amounts.read(&f, "fees").map(JSON.double) ?? .null }
        take("custom_fields") { f.object("custom_fields") ?? [:] }
        if f.has("label_ids") || creating {
            var seen = Set<Int>()
            let ids = (f.intArray("label_ids") ?? []).filter { seen.insert($0).inserted }
            for id in ids where try c.find(Labels.kind, id) == nil {
                f.fail("label_ids", RailsMessage.doesNotExist)
                break
            }
            out.set("_label_ids", .array(ids.map(JSON.int)))
        }
        return out
    }

    static func render(_ c: Context, _ r: StoredRecord) throws -> JSON {
        let d = r.doc
        let vehicle = try c.find(Vehicles.kind, d["vehicle_id"]?.int)
        let vendor = try c.find(Vendors.kind, d["vendor_id"]?.int)
        let labels = try (d["_label_ids"]?.array ?? []).compactMap { try c.find(Labels.kind, $0.int) }
        let labor = d["labor_subtotal"]?.double ?? 0
        let parts = d["parts_subtotal"]?.double ?? 0
        let fees = d["fees"]?.double ?? 0
        var out: JSON = [
            "id": .int(r.seq), "created_at": d["created_at"] ?? .null, "updated_at": d["updated_at"] ?? .null,
            "vehicle_id": d["vehicle_id"] ?? .null, "vehicle_name": .from(vehicle?.doc["name"]?.string), "vehicle": Embedded.vehicle(vehicle),
            "completed_at": d["completed_at"] ?? .null, "started_at": d["started_at"] ?? .null,
            "reference": d["reference"] ?? .null, "general_notes": d["general_notes"] ?? .null, "status": "completed",
            "is_sample": false, "vendor_id": d["vendor_id"] ?? .null, "vendor_name": .from(vendor?.doc["name"]?.string),
            "vendor": Embedded.named(vendor), "labels": .array(labels.map { ["id": .int($0.seq), "name": $0.doc["name"] ?? .null] }),
            "labor_subtotal": FleetioNumber.json(labor), "labor_subtotal_cents": .int(FleetioNumber.cents(labor)),
            "parts_subtotal": FleetioNumber.json(parts), "parts_subtotal_cents": .int(FleetioNumber.cents(parts)),
            "fees_cents": .int(FleetioNumber.cents(fees)),
            "warranty_credits_cents": 0, "warranty_credits_percentage": .null, "warranty_credits_type": "fixed",
            "primary_meter_entry": d["primary_meter_entry"] ?? .null, "secondary_meter_entry": .null,
            "work_order_id": .null, "work_order_number": .null, "vmrs_repair_priority_class": .null, "invoice": .null,
            "auto_integrate_repair_order_status": .null, "custom_fields": d["custom_fields"] ?? [:],
            "attachment_permissions": Attachments.permissions, "comments_count": 0, "documents_count": 0, "images_count": 0,
        ]
        for (k, v) in Charges.render(d, subtotal: labor + parts + fees).object ?? [] { out.set(k, v) }
        return out
    }
}
