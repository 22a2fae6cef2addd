import Storage
import UnderstudyCore

/// Faults (seed 001): create (code must match a fault rule, 255-char limits, status enum, idempotency key),
/// list with the documented filters and sorts, show, update, delete.
enum Faults {
    static let kind = "fault"
    static let statuses = ["open", "resolved", "ignored"]
    static let textLimit = 255

    static let resource = Resource(
        path: "faults", kind: kind, operations: [.list, .show, .create, .update, .delete], firstID: 2_400_001,
        filters: [
            FilterField("name", .string, [.like, .eq]), FilterField("external_id", .string, [.eq]),
            FilterField("fault_rule_id", .int, [.eq]), FilterField("vehicle_id", .int, [.eq]),
            FilterField("code", .string, [.eq]), FilterField("status", .string, [.include, .eq]),
            FilterField("last_occurred_at", .timestamp, FilterOp.range),
            FilterField("created_at", .timestamp, FilterOp.range), FilterField("updated_at", .timestamp, FilterOp.range),
        ],
        sorts: [Attribute("last_occurred_at", .timestamp)] + Resource.timestamps,
        create: create, update: update)

    static func create(_ c: Context, _ body: JSON) throws -> StoredRecord {
        var f = BodyFields(body)
        let idempotencyKey = f.string("idempotency_key", max: textLimit).flatMap { $0.isEmpty ? nil : $0 }
        if let key = idempotencyKey, let first = try c.store.first(kind, where: [.pathEquals("$.idempotency_key", .text(key))]) {
            return first  // a replay: the first fault, nothing created
        }
        let vehicleID = f.int("vehicle_id", required: true, min: 1)
        if let vehicleID, try c.find(Vehicles.kind, vehicleID) == nil { f.fail("vehicle_id", RailsMessage.doesNotExist) }
        let code = f.string("code", required: true, max: textLimit)
        var rule: StoredRecord?
        if let code, !code.trimmed.isEmpty, code.count <= textLimit {
            rule = try FaultRules.byCode(c, code)
            if rule == nil { f.fail("code", "does not match any fault rule") }
        }
        let doc = try readOptional(c, &f)
        try f.errors.check()
        let vehicle = try c.find(Vehicles.kind, vehicleID)
        return try c.insert(kind, firstID: resource.firstID) { id in
            var out: JSON = [
                "id": .int(id), "created_at": .string(c.nowText), "updated_at": .string(c.nowText),
                "account_id": .int(c.account.id), "vehicle_id": .from(vehicleID), "code": .from(code),
                "count": 1, "description": .null, "external_id": .null, "last_occurred_at": .string(c.nowText), "name": .from(rule?.doc["name"]?.string),
                "status": "open", "source": .null, "vehicle_archived_at": vehicle?.doc["archived_at"] ?? .null,
                "fault_rule_id": .from(rule?.seq), "is_sample": false, "idempotency_key": .from(idempotencyKey),
            ]
            for (k, v) in doc.object ?? [] { out.set(k, v) }
            return out
        }
    }

    static func update(_ c: Context, _ record: StoredRecord, _ body: JSON) throws -> JSON {
        var f = BodyFields(body)
        var doc = record.doc
        if f.has("code"), let code = f.string("code", required: true, max: textLimit) {
            if let rule = try FaultRules.byCode(c, code) {
                doc.set("code", .string(code))
                doc.set("fault_rule_id", .int(rule.seq))
            } else if code.count <= textLimit && !code.trimmed.isEmpty {
                f.fail("code", "does not match any fault rule")
            }
        }
        if f.has("vehicle_id"), let v = f.int("vehicle_id", required: true, min: 1) {
            if try c.find(Vehicles.kind, v) == nil { f.fail("vehicle_id", RailsMessage.doesNotExist) } else { doc.set("vehicle_id", .int(v)) }
        }
        let changes = try readOptional(c, &f)
        try f.errors.check()
        for (k, v) in changes.object ?? [] { doc.set(k, v) }
        doc.set("updated_at", .string(c.nowText))
        return doc
    }

    /// `count`, `description`, `external_id`, `last_occurred_at`, `name`, `status`, `source`: only those present.
    private static func readOptional(_ c: Context, _ f: inout BodyFields) throws -> JSON {
        var out: JSON = [:]
        if f.has("count") { out.set("count", .from(f.int("count", min: 1))) }
        if f.has("description") { out.set("description", .from(f.string("description"))) }
        if f.has("external_id") { out.set("external_id", .from(f.string("external_id", max: textLimit))) }
        if f.has("name") { out.set("name", .from(f.string("name", max: textLimit))) }
        if f.has("source") { out.set("source", .from(f.string("source"))) }
        if f.has("status") { out.set("status", .from(f.oneOf("status", statuses) ?? "open")) }
        if f.has("last_occurred_at") { out.set("last_occurred_at", .from(f.timestamp("last_occurred_at").map(RecordTime.format))) }
        return out
    }
}

/// Fault rules (`/api/v1/fault_rules`): list, show, create (`code` required and unique), so clients can make codes valid.
enum FaultRules {
    static let kind = "fault_rule"

    static let resource = Resource(
        path: "fault_rules", kind: kind, operations: [.list, .show, .create], firstID: 2_500_001,
        filters: [FilterField("code", .string, [.eq, .like]), FilterField("name", .string, [.eq, .like])],
        sorts: Resource.timestamps,
        create: create)

    static func byCode(_ c: Context, _ code: String) throws -> StoredRecord? {
        try c.store.first(kind, where: [.pathEquals("$.code", .text(code))])
    }

    static func create(_ c: Context, _ body: JSON) throws -> StoredRecord {
        var f = BodyFields(body)
        let code = f.string("code", required: true, max: Faults.textLimit)
        if let code, !code.isEmpty, try byCode(c, code) != nil { f.fail("code", RailsMessage.taken) }
        let doc: JSON = ["code": .from(code), "name": .from(f.string("name", max: Faults.textLimit)), "description": .from(f.string("description"))]
        try f.errors.check()
        return try c.insertStamped(kind, firstID: resource.firstID, doc)
    }
}
