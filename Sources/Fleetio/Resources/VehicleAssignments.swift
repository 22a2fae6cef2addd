import Storage
import UnderstudyCore

/// Vehicle assignments (`/api/v1/vehicle_assignments`, `/vehicles/:id/vehicle_assignments`): which contact operates
/// which vehicle when. Create needs `vehicle_id` and `contact_id`; `started_at` defaults to now and
/// `ended_at`, when given, must not be before it. `current` and `future` follow the simulated clock.
enum VehicleAssignments {
    static let kind = "vehicle_assignment"

    static let resource = Resource(
        path: "vehicle_assignments", kind: kind, operations: [.list, .show, .create, .update, .delete], firstID: 4_000_001,
        filters: [
            FilterField("vehicle_id", .int, [.eq, .include]), FilterField("contact_id", .int, [.eq, .include]),
            FilterField("started_at", .timestamp, FilterOp.range), FilterField("ended_at", .timestamp, FilterOp.range),
            FilterField("created_at", .timestamp, FilterOp.range), FilterField("updated_at", .timestamp, FilterOp.range),
        ],
        sorts: Resource.timestamps,
        create: { c, body in
            var f = BodyFields(body)
            var doc = try read(c, &f, creating: true)
            if doc["started_at"]?.isNull != false { doc.set("started_at", .string(c.nowText)) }
            checkOrder(&f, doc)
            try f.errors.check()
            return try c.insertStamped(kind, firstID: 4_000_001, doc)
        },
        update: { c, record, body in
            var f = BodyFields(body)
            var doc = record.doc
            let changes = try read(c, &f, creating: false)
            for (k, v) in changes.object ?? [] { doc.set(k, v) }
            checkOrder(&f, doc)
            try f.errors.check()
            doc.set("updated_at", .string(c.nowText))
            return doc
        },
        render: render,
        parents: [Resource.Parent(path: "vehicles", kind: Vehicles.kind, member: "vehicle_id")])

    private static func read(_ c: Context, _ f: inout BodyFields, creating: Bool) throws -> JSON {
        var out: JSON = [:]
        if creating || f.has("vehicle_id") { out.set("vehicle_id", .from(try c.reference(&f, "vehicle_id", Vehicles.kind, required: true)?.seq)) }
        if creating || f.has("contact_id") { out.set("contact_id", .from(try c.reference(&f, "contact_id", Contacts.kind, required: true)?.seq)) }
        for k in ["started_at", "ended_at"] where creating || f.has(k) { out.set(k, .from(f.timestamp(k).map(RecordTime.format))) }
        for k in ["starting_meter_entry_value", "ending_meter_entry_value"] where creating || f.has(k) {
            out.set(k, .from(Amounts.read(&f, k).map(FleetioNumber.text)))
        }
        if creating || f.has("custom_fields") { out.set("custom_fields", f.object("custom_fields") ?? [:]) }
        return out
    }

    private static func checkOrder(_ f: inout BodyFields, _ doc: JSON) {
        if let s = doc["started_at"]?.string.flatMap(ISO8601.parse), let e = doc["ended_at"]?.string.flatMap(ISO8601.parse), e < s {
            f.fail("ended_at", "must be after started at")
        }
    }

    static func render(_ c: Context, _ r: StoredRecord) throws -> JSON {
        let d = r.doc
        let vehicle = try c.find(Vehicles.kind, d["vehicle_id"]?.int)
        let contact = try c.find(Contacts.kind, d["contact_id"]?.int)
        let started = d["started_at"]?.string.flatMap(ISO8601.parse)
        let ended = d["ended_at"]?.string.flatMap(ISO8601.parse)
        let now = c.now
        let future = started.map { $0 > now } ?? false
        let current = !future && (ended.map { $0 > now } ?? true)
        return [
            "id": .int(r.seq), "created_at": d["created_at"] ?? .null, "updated_at": d["updated_at"] ?? .null,
            "vehicle_id": d["vehicle_id"] ?? .null, "vehicle": Embedded.vehicle(vehicle),
            "contact_id": d["contact_id"] ?? .null, "contact": Embedded.contact(contact),
            "contact_full_name": .from(contact.map(Contacts.fullName)), "contact_image_url": contact?.doc["default_image_url"] ?? .null,
            "started_at": d["started_at"] ?? .null, "ended_at": d["ended_at"] ?? .null,
            "current": .bool(current), "future": .bool(future),
            "starting_meter_entry_value": d["starting_meter_entry_value"] ?? .null, "ending_meter_entry_value": d["ending_meter_entry_value"] ?? .null,
            "custom_fields": d["custom_fields"] ?? [:], "attachment_permissions": Attachments.permissions, "comments_count": 0,
        ]
    }
}
