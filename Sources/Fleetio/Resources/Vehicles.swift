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
        create: create, render: render)

    /// Vehicle statuses and types the account has (Fleetio's defaults), by name → id.
    static let statusIDs = ["Active": 1, "Inactive": 2, "In Shop": 3, "Out of Service": 4, "Sold": 5]
    static let statusColors = ["Active": "green", "Inactive": "blue", "In Shop": "orange", "Out of Service": "red", "Sold": "gray"]
    static let typeIDs = ["Car": 1, "Pickup": 2, "Van": 3, "Truck": 4, "Excavator": 5, "Trailer": 6, "Other": 7]

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
                         "default_image_url": .null, "vehicle_type_name": .from(f.oneOf("vehicle_type_name", typeIDs.keys.sorted()) ?? "Car"),
                         "fuel_volume_units": .from(f.oneOf("fuel_volume_units", ["us_gallons", "uk_gallons", "liters"]) ?? "us_gallons")]
        try f.errors.check()
        return try c.insertStamped(kind, firstID: resource.firstID, doc)
    }

    /// Every member Fleetio's vehicle has (the connectors' schema): stored ones, counts of the records that name it,
    /// and the account's defaults for what this simulator does not keep (renewals, work orders, locations).
    static func render(_ c: Context, _ r: StoredRecord) throws -> JSON {
        let d = r.doc
        func v(_ k: String) -> JSON { d[k] ?? .null }
        let unit = d["primary_meter_unit"]?.string ?? "mi"
        let status = d["vehicle_status_name"]?.string ?? "Active"
        let type = d["vehicle_type_name"]?.string ?? "Car"
        func meter(_ k: String) -> JSON { .string(FleetioNumber.text(d[k]?.double ?? 0)) }
        return [
            "id": .int(r.seq), "account_id": .int(c.account.id), "created_at": v("created_at"), "updated_at": v("updated_at"),
            "name": v("name"), "vin": v("vin"), "year": v("year"), "make": v("make"), "model": v("model"), "trim": v("trim"),
            "color": v("color"), "license_plate": v("license_plate"), "registration_state": v("registration_state"),
            "registration_expiration_month": d["registration_expiration_month"] ?? .int(-1),
            "archived_at": v("archived_at"), "assetable_type": "Vehicle", "ai_enabled": false, "is_sample": false,
            "vehicle_status_id": .int(statusIDs[status] ?? 1), "vehicle_status_name": .string(status),
            "vehicle_status_color": .string(statusColors[status] ?? "green"),
            "vehicle_type_id": .int(typeIDs[type] ?? 7), "vehicle_type_name": .string(type),
            "fuel_type_id": .null, "fuel_type_name": .null, "fuel_volume_units": d["fuel_volume_units"] ?? "us_gallons",
            "ownership": d["ownership"] ?? "owned", "system_of_measurement": .string(unit == "km" ? "metric" : "imperial"),
            "group_id": .null, "group_name": v("group_name"), "group_ancestry": .null,
            "primary_meter_unit": .string(unit), "primary_meter_value": meter("primary_meter_value"), "primary_meter_date": v("primary_meter_date"),
            "primary_meter_usage_per_day": .null,
            "secondary_meter_unit": v("secondary_meter_unit"), "secondary_meter_value": meter("secondary_meter_value"),
            "secondary_meter_date": v("secondary_meter_date"), "secondary_meter_usage_per_day": .null,
            "in_service_date": v("in_service_date"), "in_service_meter_value": .null,
            "out_of_service_date": .null, "out_of_service_meter_value": .null,
            "estimated_replacement_mileage": .null, "estimated_resale_price_cents": .null, "estimated_service_months": .null,
            "current_location_entry_id": .null, "external_ids": [:], "labels": [],
            "default_image_url": v("default_image_url"), "default_image_url_small": v("default_image_url"),
            "issues_count": .int(try c.count(Issues.kind, "vehicle_id", r.seq)),
            "fuel_entries_count": .int(try c.count(FuelEntries.kind, "vehicle_id", r.seq)),
            "service_entries_count": .int(try c.count(ServiceEntries.kind, "vehicle_id", r.seq)),
            "service_reminders_count": 0, "vehicle_renewal_reminders_count": 0, "work_orders_count": 0,
            "comments_count": 0, "documents_count": 0, "images_count": 0,
        ]
    }

    /// Records a meter reading from an issue; a void entry is kept out of the vehicle's current value.
    static func recordMeter(_ c: Context, vehicleID: Int, entry: JSON, secondary: Bool) throws {
        guard entry["void"]?.bool != true, var v = try c.find(kind, vehicleID) else { return }
        v.doc.set(secondary ? "secondary_meter_value" : "primary_meter_value", entry["value"] ?? .null)
        v.doc.set(secondary ? "secondary_meter_date" : "primary_meter_date", .string(c.today))
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
