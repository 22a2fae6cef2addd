import Storage
import UnderstudyCore

/// Issues (seed 000 and fleetio.md): create with nested comments, documents, images and meter entries,
/// list, show, PATCH (state moves set `resolved_at`/`closed_at`), delete.
enum Issues {
    static let kind = "issue"
    static let states = ["Open", "Closed", "Resolved"]
    static let assetTypes = ["Vehicle", "Equipment"]

    static let resource = Resource(
        path: "issues", kind: kind, versions: [.v1, .v2, .unversioned],
        operations: [.list, .show, .create, .update, .delete], firstID: 1_100_001,
        filters: [
            FilterField("state", .string, [.eq, .include]),
            FilterField("number", .string, [.eq]),
            FilterField("summary", .string, [.eq, .like]),
            FilterField("vehicle_id", .int, [.eq, .include]),
            FilterField("asset_id", .int, [.eq, .include]),
            FilterField("asset_type", .string, [.eq]),
            FilterField("reported_by_id", .int, [.eq]),
            FilterField("issue_priority_id", .int, [.eq, .include]),
            FilterField("fault_id", .int, [.eq]),
            FilterField("reported_at", .timestamp, FilterOp.range),
            FilterField("due_date", .date, [.eq] + FilterOp.range),
            FilterField("created_at", .timestamp, FilterOp.range),
            FilterField("updated_at", .timestamp, FilterOp.range),
        ],
        sorts: [Attribute("reported_at", .timestamp), Attribute("due_date", .date), Attribute("number", .string)] + Resource.timestamps,
        create: create, update: update, render: render, cleanup: cleanup,
        freshness: .untilEndOfDay)   // an open issue past its due date shows as overdue

    // MARK: Create and update

    static func create(_ c: Context, _ body: JSON) throws -> StoredRecord {
        var f = BodyFields(body)
        var doc: JSON = [:]
        let asset = readAsset(c, &f, required: true)
        doc.set("asset_type", .from(asset?.type))
        doc.set("asset_id", .from(asset?.id))
        doc.set("vehicle_id", .from(asset?.type == "Vehicle" ? asset?.id : nil))
        let reportedAt = f.timestamp("reported_at", required: true)
        let summary = f.string("summary", required: true)
        let number = try readNumber(c, &f, excluding: nil)
        var fields = try readCommon(c, &f)
        let comments = readNested(&f, "comments_attributes", prefix: "comments.", build: comment)
        let documents = readNested(&f, "documents_attributes", prefix: "documents.", build: attachment)
        let images = readNested(&f, "images_attributes", prefix: "images.", build: attachment)
        let meter = readMeter(&f, "meter_entry_attributes", prefix: "meter_entry.")
        let secondaryMeter = readMeter(&f, "secondary_meter_entry_attributes", prefix: "secondary_meter_entry.")
        try f.errors.check()

        let numberText = try number ?? nextNumber(c)
        fields.set("summary", .from(summary))
        return try c.insert(kind, firstID: resource.firstID) { id in
            doc.set("id", .int(id))
            doc.set("created_at", .string(c.nowText))
            doc.set("updated_at", .string(c.nowText))
            doc.set("number", .string(numberText))
            doc.set("state", "Open")
            doc.set("reported_at", .from(reportedAt.map(RecordTime.format)))
            doc.set("resolved_at", .null)
            doc.set("closed_at", .null)
            for (k, v) in fields.object ?? [] { doc.set(k, v) }
            for (k, v) in defaults where doc[k] == nil { doc.set(k, v) }
            try Comments.add(c, comments, to: "Issue", id: id)
            try Attachments.add(c, documents, kind: Attachments.documentKind, to: "Issue", id: id)
            try Attachments.add(c, images, kind: Attachments.imageKind, to: "Issue", id: id)
            if let assetID = asset?.id, asset?.type == "Vehicle" {
                for (m, secondary) in [(meter, false), (secondaryMeter, true)] {
                    if let m { try Vehicles.recordMeter(c, vehicleID: assetID, entry: m, secondary: secondary) }
                }
            }
            return doc
        }
    }

    static func update(_ c: Context, _ record: StoredRecord, _ body: JSON) throws -> JSON {
        var f = BodyFields(body)
        var doc = record.doc
        if ["vehicle_id", "asset_id", "asset_type"].contains(where: f.has), let asset = readAsset(c, &f, required: false) {
            doc.set("asset_type", .string(asset.type))
            doc.set("asset_id", .int(asset.id))
            doc.set("vehicle_id", asset.type == "Vehicle" ? .int(asset.id) : .null)
        }
        if f.has("reported_at"), let t = f.timestamp("reported_at", required: true) { doc.set("reported_at", .string(RecordTime.format(t))) }
        if f.has("summary"), let s = f.string("summary", required: true) { doc.set("summary", .string(s)) }
        if f.has("number"), let n = try readNumber(c, &f, excluding: record.key) { doc.set("number", .string(n)) }
        let state = f.has("state") ? f.oneOf("state", states, required: true) : nil
        let fields = try readCommon(c, &f)
        try f.errors.check()
        for (k, v) in fields.object ?? [] { doc.set(k, v) }
        if let state, state != doc["state"]?.string {
            doc.set("state", .string(state))
            doc.set("resolved_at", state == "Resolved" ? .string(c.nowText) : .null)
            doc.set("closed_at", state == "Closed" ? .string(c.nowText) : .null)
        }
        doc.set("updated_at", .string(c.nowText))
        return doc
    }

    static func cleanup(_ c: Context, _ record: StoredRecord) throws {
        let owner: [(String, SQLValue)] = [("$.commentable_type", .text("Issue")), ("$.commentable_id", .integer(Int64(record.seq)))]
        for comment in try c.children(Comments.kind, owner) { try c.store.delete(Comments.kind, key: comment.key) }
        try Attachments.removeAll(c, from: "Issue", id: record.seq)
    }

    /// Fields both create and PATCH take, each optional.
    private static func readCommon(_ c: Context, _ f: inout BodyFields) throws -> JSON {
        var out: JSON = [:]
        if f.has("description") { out.set("description", .from(f.string("description"))) }
        if f.has("due_date") { out.set("due_date", .from(f.date("due_date"))) }
        if f.has("due_meter_value") { out.set("due_meter_value", .from(f.number("due_meter_value").map(FleetioNumber.text))) }
        if f.has("due_secondary_meter_value") { out.set("due_secondary_meter_value", f.number("due_secondary_meter_value").map(FleetioNumber.json) ?? .null) }
        if f.has("custom_fields") { out.set("custom_fields", f.object("custom_fields") ?? [:]) }
        for (key, kind) in [("reported_by_id", Contacts.kind), ("fault_id", Faults.kind), ("issue_priority_id", IssuePriorities.kind)] where f.has(key) {
            let id = f.int(key, min: 1)
            if let id, try c.find(kind, id) == nil { f.fail(key, RailsMessage.doesNotExist) }
            out.set(key, .from(id))
        }
        for (key, kind) in [("label_ids", Labels.kind), ("assigned_contact_ids", Contacts.kind)] where f.has(key) {
            // Rails stores a has-many once per record: `[x, x]` is x.
            var seen = Set<Int>()
            let ids = (f.intArray(key) ?? []).filter { seen.insert($0).inserted }
            for id in ids where try c.find(kind, id) == nil {
                f.fail(key, RailsMessage.doesNotExist)
                break
            }
            out.set("_" + key, .array(ids.map(JSON.int)))
        }
        return out
    }

    /// The asset: v1 bodies name `vehicle_id`, v2 bodies `asset_type` + `asset_id`; the unversioned path takes either.
    private static func readAsset(_ c: Context, _ f: inout BodyFields, required: Bool) -> (type: String, id: Int)? {
        let assetStyle = c.version == .v2 || (c.version == .unversioned && !f.has("vehicle_id"))
        if assetStyle {
            let type = f.oneOf("asset_type", assetTypes, required: required)
            let id = f.int("asset_id", required: required, min: 1)
            guard let type, let id else { return nil }
            let kind = type == "Vehicle" ? Vehicles.kind : Equipment.kind
            guard (try? c.find(kind, id)) != nil else {
                f.fail("asset_id", RailsMessage.doesNotExist)
                return nil
            }
            return (type, id)
        }
        guard let id = f.int("vehicle_id", required: required, min: 1) else { return nil }
        guard (try? c.find(Vehicles.kind, id)) != nil else {
            f.fail("vehicle_id", RailsMessage.doesNotExist)
            return nil
        }
        return ("Vehicle", id)
    }

    /// `number`: an integer ≥ 1 in the request (seed 000), unique per account; a string in the response.
    private static func readNumber(_ c: Context, _ f: inout BodyFields, excluding key: String?) throws -> String? {
        guard f.has("number"), let n = f.int("number", min: 1) else { return nil }
        let text = String(n)
        if let other = try c.store.first(kind, where: [.pathEquals("$.number", .text(text))]), other.key != key {
            f.fail("number", RailsMessage.taken)
        }
        return text
    }

    private static func nextNumber(_ c: Context) throws -> String {
        let numbers = try c.store.list(RecordQuery(kind: kind)).compactMap { $0.doc["number"]?.string.flatMap { Int($0) } }
        let highest = numbers.max() ?? 0
        if highest < Int.max { return String(highest + 1) }
        // A client numbered an issue Int.max: the next number is the lowest one still free.
        let taken = Set(numbers)
        return String((1...).first { !taken.contains($0) } ?? 1)
    }

    private static func readNested(_ f: inout BodyFields, _ key: String, prefix: String,
                                   build: (inout BodyFields) -> JSON) -> [JSON] {
        guard let items = f.objects(key) else { return [] }
        return items.map { item in
            var nested = BodyFields(item, prefix: prefix)
            let out = build(&nested)
            for (field, messages) in nested.errors.fields { for m in messages { f.errors.add(field, m) } }
            return out
        }
    }

    private static func comment(_ f: inout BodyFields) -> JSON {
        ["title": .from(f.string("title")), "comment": .from(f.string("comment", required: true))]
    }

    private static func attachment(_ f: inout BodyFields) -> JSON {
        ["name": .from(f.string("name")), "description": .from(f.string("description")),
         "file_url": .from(f.string("file_url", required: true)), "file_mime_type": .from(f.string("file_mime_type")),
         "file_name": .from(f.string("file_name")), "file_size": .from(f.int("file_size", min: 0))]
    }

    private static func readMeter(_ f: inout BodyFields, _ key: String, prefix: String) -> JSON? {
        guard let m = f.object(key) else { return nil }
        var nested = BodyFields(m, prefix: prefix)
        let value = nested.number("value", required: true)
        let void = nested.bool("void") ?? false
        for (field, messages) in nested.errors.fields { for msg in messages { f.errors.add(field, msg) } }
        guard let value else { return nil }
        return ["value": FleetioNumber.json(value), "void": .bool(void)]
    }


    /// Fields a new issue has until set (seed 000's response shape).
    private static let defaults: [(String, JSON)] = [
        ("description", .null), ("reported_by_id", .null), ("fault_id", .null), ("due_date", .null),
        ("due_meter_value", .null), ("due_secondary_meter_value", .null), ("custom_fields", [:]),
        ("issue_priority_id", .null), ("_label_ids", []), ("_assigned_contact_ids", []),
    ]

    // MARK: Render

    /// Seed 000's full Issue: every field, embedded contacts, labels, comments, documents and images, and counts.
    static func render(_ c: Context, _ record: StoredRecord) throws -> JSON {
        let d = record.doc
        let vehicle = try c.find(Vehicles.kind, d["vehicle_id"]?.int)
        let assetName: JSON
        if d["asset_type"]?.string == "Equipment" {
            assetName = .from(try c.find(Equipment.kind, d["asset_id"]?.int)?.doc["name"]?.string)
        } else {
            assetName = .from(vehicle?.doc["name"]?.string)
        }
        let reporter = try c.find(Contacts.kind, d["reported_by_id"]?.int)
        let state = d["state"]?.string ?? "Open"
        let overdue = state == "Open" && (d["due_date"]?.string).map { $0 < c.today } == true
        let contacts = try (d["_assigned_contact_ids"]?.array ?? []).compactMap { try c.find(Contacts.kind, $0.int) }
        let labels = try (d["_label_ids"]?.array ?? []).compactMap { try c.find(Labels.kind, $0.int) }
        let comments = try Comments.of(c, type: "Issue", id: record.seq)
        let documents = try Attachments.of(c, kind: Attachments.documentKind, type: "Issue", id: record.seq)
        let images = try Attachments.of(c, kind: Attachments.imageKind, type: "Issue", id: record.seq)
        let image = vehicle?.doc["default_image_url"] ?? .null
        let number = d["number"]?.string ?? ""
        var out: JSON = [
            "id": .int(record.seq), "created_at": d["created_at"] ?? .null, "updated_at": d["updated_at"] ?? .null,
            "number": .string(number), "name": .string("#\(number)"), "summary": d["summary"] ?? .null,
            "description": d["description"] ?? .null, "state": .string(state), "reported_at": d["reported_at"] ?? .null,
            "reported_by_id": d["reported_by_id"] ?? .null, "reported_by_name": .from(reporter.map(Contacts.fullName)),
            "fault_id": d["fault_id"] ?? .null, "due_date": d["due_date"] ?? .null,
            "due_meter_value": d["due_meter_value"] ?? .null, "due_secondary_meter_value": d["due_secondary_meter_value"] ?? .null,
            "overdue": .bool(overdue), "vehicle_id": d["vehicle_id"] ?? .null, "vehicle_name": .from(vehicle?.doc["name"]?.string),
            "vehicle": Embedded.vehicle(vehicle),
            "is_sample": false, "created_by_workflow": false, "submitted_inspection_form_id": .null,
            "custom_fields": d["custom_fields"] ?? [:], "valid_required_custom_fields": true, "dtc_alert_id": .null,
            "assigned_contacts": .array(try contacts.map { try Contacts.render(c, $0) }),
            "labels": .array(labels.map { ["id": .int($0.seq), "name": $0.doc["name"] ?? .null] }),
            "attachment_permissions": Attachments.permissions, "is_watched": false,
            "vehicle_image_url": image, "vehicle_image_url_medium": image, "vehicle_image_url_small": image, "vehicle_image_url_large": image,
            "watchers_count": 0, "linked_work_orders": [],
            "source": ["inspection_form": .null, "inspection_submissions_count": 0, "last_inspection_submission_at": .null,
                       "failed_inspection_item_label": .null],
            "comments": .array(comments), "comments_count": .int(comments.count),
            "documents": .array(documents), "documents_count": .int(documents.count),
            "images": .array(images), "images_count": .int(images.count),
            "issue_priority_id": d["issue_priority_id"] ?? .null,
            "resolved_at": d["resolved_at"] ?? .null, "closed_at": d["closed_at"] ?? .null,
        ]
        if c.version != .v1 {
            out.set("asset_type", d["asset_type"] ?? .null)
            out.set("asset_id", d["asset_id"] ?? .null)
            out.set("asset_name", assetName)
        }
        return out
    }
}
