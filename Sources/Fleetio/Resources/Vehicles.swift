import Storage
import UnderstudyCore

/// Vehicles: list, show, create (`name` required and unique, `primary_meter_unit` ∈ km|hr|mi, `vin` ≤ 17 and unique).
/// Issue meter entries update their meter values.
enum Vehicles {
    static let kind = "vehicle"
    static let meterUnits = ["km", "hr", "mi"]
    static let vinMaxLength = 17

    static let resource = Resource(
        path: "vehicles", kind: kind, operations: [.list, .show, .create], firstID: 1_700_001,
        filters: [
            FilterField("name", .string, [.eq, .like]), FilterField("vin", .string, [.eq]),
            FilterField("license_plate", .string, [.eq]), FilterField("make", .string, [.eq, .like]),
            FilterField("model", .string, [.eq, .like]), FilterField("year", .int, [.eq] + FilterOp.range),
            FilterField("group_name", .string, [.eq]),
            FilterField("created_at", .timestamp, FilterOp.range), FilterField("updated_at", .timestamp, FilterOp.range),
        ],
        sorts: Resource.timestamps,
        create: create)

    static func create(_ c: Context, _ body: JSON) throws -> StoredRecord {
        var f = BodyFields(body)
        let name = f.string("name", required: true, max: 255)
        let vin = f.string("vin", max: vinMaxLength)
        let unit = f.oneOf("primary_meter_unit", meterUnits) ?? "mi"
        let secondaryUnit = f.oneOf("secondary_meter_unit", meterUnits)
        if let name, try c.store.first(kind, where: [.pathEquals("$.name", .text(name))]) != nil { f.fail("name", RailsMessage.taken) }
        if let vin, !vin.isEmpty, try c.store.first(kind, where: [.pathEquals("$.vin", .text(vin))]) != nil { f.fail("vin", RailsMessage.taken) }
        let doc: JSON = ["name": .from(name), "vin": .from(vin), "year": .from(f.int("year")), "make": .from(f.string("make", max: 255)),
                         "model": .from(f.string("model", max: 255)), "license_plate": .from(f.string("license_plate", max: 255)),
                         "primary_meter_unit": .string(unit), "primary_meter_value": .null,
                         "secondary_meter_unit": .from(secondaryUnit), "secondary_meter_value": .null,
                         "vehicle_status_name": "Active", "group_name": .from(f.string("group_name")), "archived_at": .null,
                         "default_image_url": .null]
        try f.errors.check()
        return try c.insertStamped(kind, firstID: resource.firstID, doc)
    }

    /// Records a meter reading from an issue; a void entry is kept out of the vehicle's current value.
    static func recordMeter(_ c: Context, vehicleID: Int, entry: JSON, secondary: Bool) throws {
        guard entry["void"]?.bool != true, var v = try c.find(kind, vehicleID) else { return }
        v.doc.set(secondary ? "secondary_meter_value" : "primary_meter_value", entry["value"] ?? .null)
        v.doc.set("updated_at", .string(c.nowText))
        try c.store.update(kind, key: v.key, doc: v.doc)
    }
}

/// Equipment: the other asset type v2 issues may name. Listed and shown.
enum Equipment {
    static let kind = "equipment"
    static let resource = Resource(path: "equipment", kind: kind, operations: [.list, .show], firstID: 1_800_001,
                                   filters: [FilterField("name", .string, [.eq, .like])], sorts: Resource.timestamps)
}

/// Issue labels (`/api/labels`, `/api/v1/labels`): list, show, create (`name` required and unique).
enum Labels {
    static let kind = "label"
    static let resource = Resource(
        path: "labels", kind: kind, operations: [.list, .show, .create], firstID: 1_900_001,
        filters: [FilterField("name", .string, [.eq, .like])],
        create: { c, body in
            var f = BodyFields(body)
            let name = f.string("name", required: true, max: 255)
            if let name, try c.store.first(kind, where: [.pathEquals("$.name", .text(name))]) != nil { f.fail("name", RailsMessage.taken) }
            try f.errors.check()
            return try c.insert(kind, firstID: 1_900_001) { id in ["id": .int(id), "name": .from(name)] }
        })
}

/// Issue priorities: list and show.
enum IssuePriorities {
    static let kind = "issue_priority"
    static let resource = Resource(path: "issue_priorities", kind: kind, operations: [.list, .show], firstID: 2_000_001,
                                   filters: [FilterField("name", .string, [.eq, .like])])
}
