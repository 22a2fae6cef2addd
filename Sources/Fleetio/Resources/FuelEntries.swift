import Storage
import UnderstudyCore

/// Fuel entries (`/api/v1/fuel_entries`, `/api/v1/vehicles/:id/fuel_entries`): create, list, show, update, delete.
/// A volume is given in US gallons or liters and shown in both (and UK gallons); with a price it has a total; with an
/// odometer reading it has usage and fuel economy since the vehicle's previous full fill-up.
enum FuelEntries {
    static let kind = "fuel_entry"
    static let litersPerUSGallon = 3.785411784
    static let litersPerUKGallon = 4.54609
    static let kilometersPerMile = 1.609344

    static let resource = Resource(
        path: "fuel_entries", kind: kind, operations: [.list, .show, .create, .update, .delete], firstID: 3_500_001,
        filters: [
            FilterField("vehicle_id", .int, [.eq, .include]), FilterField("vendor_id", .int, [.eq]),
            FilterField("fuel_type_id", .int, [.eq]), FilterField("reference", .string, [.eq, .like]),
            FilterField("external_id", .string, [.eq]),
            FilterField("date", .timestamp, FilterOp.range),
            FilterField("created_at", .timestamp, FilterOp.range), FilterField("updated_at", .timestamp, FilterOp.range),
        ],
        sorts: Resource.timestamps,
        create: create, update: update, render: render,
        parents: [Resource.Parent(path: "vehicles", kind: Vehicles.kind, member: "vehicle_id")])

    static func create(_ c: Context, _ body: JSON) throws -> StoredRecord {
        var f = BodyFields(body)
        let vehicle = try c.reference(&f, "vehicle_id", Vehicles.kind, required: true)
        let date = f.timestamp("date", required: true)
        var doc = try readCommon(c, &f)
        if f.value("us_gallons") == nil && f.value("liters") == nil { f.fail("us_gallons", RailsMessage.blank) }
        let meter = MeterEntries.read(&f, "meter_entry_attributes")
        try f.errors.check()
        guard let vehicle, let date else { throw FieldErrors() }
        doc.set("vehicle_id", .int(vehicle.seq))
        doc.set("date", .string(RecordTime.format(date)))
        for (k, v) in defaults where doc[k] == nil { doc.set(k, v) }
        return try c.insert(kind, firstID: resource.firstID) { id in
            doc.set("id", .int(id))
            doc.set("created_at", .string(c.nowText))
            doc.set("updated_at", .string(c.nowText))
            if let meter {
                doc.set("meter_entry", try MeterEntries.record(c, meter, vehicleID: vehicle.seq, date: RecordTime.format(date),
                                                               owner: ("FuelEntry", id), secondary: false))
            }
            return doc
        }
    }

    static func update(_ c: Context, _ record: StoredRecord, _ body: JSON) throws -> JSON {
        var f = BodyFields(body)
        var doc = record.doc
        if f.has("vehicle_id"), let v = try c.reference(&f, "vehicle_id", Vehicles.kind, required: true) { doc.set("vehicle_id", .int(v.seq)) }
        if f.has("date"), let t = f.timestamp("date", required: true) { doc.set("date", .string(RecordTime.format(t))) }
        let changes = try readCommon(c, &f)
        let meter = MeterEntries.read(&f, "meter_entry_attributes")
        try f.errors.check()
        for (k, v) in changes.object ?? [] { doc.set(k, v) }
        if let meter, let vehicleID = doc["vehicle_id"]?.int {
            doc.set("meter_entry", try MeterEntries.record(c, meter, vehicleID: vehicleID, date: doc["date"]?.string ?? c.nowText,
                                                           owner: ("FuelEntry", record.seq), secondary: false))
        }
        doc.set("updated_at", .string(c.nowText))
        return doc
    }

    /// Members create and update both take, each only when present. The volume is kept in liters (`_liters`).
    private static func readCommon(_ c: Context, _ f: inout BodyFields) throws -> JSON {
        var out: JSON = [:]
        if f.has("us_gallons"), let g = Amounts.read(&f, "us_gallons") { out.set("_liters", .double(g * litersPerUSGallon)) }
        if f.has("liters"), let l = Amounts.read(&f, "liters") { out.set("_liters", .double(l)) }
        if f.has("price_per_volume_unit") { out.set("_price", Amounts.read(&f, "price_per_volume_unit").map(JSON.double) ?? .null) }
        if f.has("fuel_type_id") { out.set("fuel_type_id", .from(try c.reference(&f, "fuel_type_id", FuelTypes.kind)?.seq)) }
        if f.has("vendor_id") { out.set("vendor_id", .from(try c.reference(&f, "vendor_id", Vendors.kind)?.seq)) }
        for k in ["reference", "external_id", "region"] where f.has(k) { out.set(k, .from(f.string(k, max: 255))) }
        for k in ["partial", "personal", "reset"] where f.has(k) { out.set(k, .bool(f.bool(k) ?? false)) }
        if f.has("custom_fields") { out.set("custom_fields", f.object("custom_fields") ?? [:]) }
        return out
    }

    private static let defaults: [(String, JSON)] = [
        ("_price", .null), ("fuel_type_id", .null), ("vendor_id", .null), ("reference", .null), ("external_id", .null),
        ("region", .null), ("partial", false), ("personal", false), ("reset", false), ("custom_fields", [:]), ("meter_entry", .null),
    ]

    // MARK: Render

    static func render(_ c: Context, _ r: StoredRecord) throws -> JSON {
        let d = r.doc
        let vehicle = try c.find(Vehicles.kind, d["vehicle_id"]?.int)
        let vendor = try c.find(Vendors.kind, d["vendor_id"]?.int)
        let fuelType = try c.find(FuelTypes.kind, d["fuel_type_id"]?.int)
        let liters = d["_liters"]?.double ?? 0
        let usGallons = liters / litersPerUSGallon
        let price = d["_price"]?.double
        // The price is per the vehicle's volume unit (US gallons unless it measures in liters).
        let unitIsLiters = vehicle?.doc["fuel_volume_units"]?.string == "liters"
        let total = price.map { FleetioNumber.rounded($0 * (unitIsLiters ? liters : usGallons), places: 2) }
        let economy = try Economy(c, r, vehicle: vehicle, liters: liters, total: total)
        func dec(_ v: Double?, _ places: Int) -> JSON { v.map { .string(FleetioNumber.decimal($0, places: places)) } ?? .null }
        return [
            "id": .int(r.seq), "created_at": d["created_at"] ?? .null, "updated_at": d["updated_at"] ?? .null,
            "vehicle_id": d["vehicle_id"] ?? .null, "vehicle_name": .from(vehicle?.doc["name"]?.string), "vehicle": Embedded.vehicle(vehicle),
            "date": d["date"] ?? .null, "reference": d["reference"] ?? .null, "external_id": d["external_id"] ?? .null,
            "region": d["region"] ?? .null, "partial": d["partial"] ?? false, "personal": d["personal"] ?? false,
            "reset": d["reset"] ?? false, "is_sample": false,
            "fuel_type_id": d["fuel_type_id"] ?? .null, "fuel_type_name": .from(fuelType?.doc["name"]?.string),
            "vendor_id": d["vendor_id"] ?? .null, "vendor_name": .from(vendor?.doc["name"]?.string), "vendor": Embedded.named(vendor),
            "us_gallons": dec(usGallons, 3), "uk_gallons": dec(liters / litersPerUKGallon, 3), "liters": dec(liters, 3),
            "price_per_volume_unit": dec(price, 3), "total_amount": dec(total, 2),
            "total_amount_cents": total.map { .int(FleetioNumber.cents($0)) } ?? .null,
            "usage_in_mi": dec(economy.miles, 1), "usage_in_km": dec(economy.kilometers, 1), "usage_in_hr": dec(economy.hours, 1),
            "mpg_us": dec(economy.mpgUS, 2), "mpg_uk": dec(economy.mpgUK, 2), "lp100k": dec(economy.lp100k, 2), "kpl": dec(economy.kpl, 2),
            "us_gallons_per_hr": dec(economy.usGallonsPerHour, 2), "uk_gallons_per_hr": dec(economy.ukGallonsPerHour, 2),
            "liters_per_hr": dec(economy.litersPerHour, 2),
            "cost_per_mi": dec(economy.costPerMile, 2), "cost_per_km": dec(economy.costPerKilometer, 2), "cost_per_hr": dec(economy.costPerHour, 2),
            "fuel_economy_units_for_current_user": .string(vehicle?.doc["primary_meter_unit"]?.string == "km" ? "lp100k" : "mpg_us"),
            "meter_entry": d["meter_entry"] ?? .null,
            "custom_fields": d["custom_fields"] ?? [:], "attachment_permissions": Attachments.permissions,
            "comments_count": 0, "documents_count": 0, "images_count": 0, "watchers_count": 0,
        ]
    }

    /// Usage since the vehicle's previous fill-up with a reading, and the economy figures it gives (none for a partial
    /// fill-up, a reset, or the first reading).
    struct Economy {
        var miles: Double?, kilometers: Double?, hours: Double?
        var mpgUS: Double?, mpgUK: Double?, lp100k: Double?, kpl: Double?
        var usGallonsPerHour: Double?, ukGallonsPerHour: Double?, litersPerHour: Double?
        var costPerMile: Double?, costPerKilometer: Double?, costPerHour: Double?

        init(_ c: Context, _ r: StoredRecord, vehicle: StoredRecord?, liters: Double, total: Double?) throws {
            guard r.doc["partial"]?.bool != true, r.doc["reset"]?.bool != true, liters > 0,
                  let value = r.doc["meter_entry"]?["value"]?.string.flatMap(Double.init),
                  let date = r.doc["date"]?.string, let vehicleID = r.doc["vehicle_id"]?.int else { return }
            var q = RecordQuery(kind: FuelEntries.kind)
            q.conditions = [.pathEquals("$.vehicle_id", .integer(Int64(vehicleID))),
                            .compare(Attribute("date", .timestamp), .lt, [.text(date)])]
            q.sort = [SortKey(Attribute("date", .timestamp), descending: true)]
            q.limit = 1
            guard let previous = try c.store.list(q).first,
                  let before = previous.doc["meter_entry"]?["value"]?.string.flatMap(Double.init), value > before else { return }
            let usage = value - before
            switch vehicle?.doc["primary_meter_unit"]?.string ?? "mi" {
            case "hr":
                hours = usage
                litersPerHour = liters / usage
                usGallonsPerHour = liters / litersPerUSGallon / usage
                ukGallonsPerHour = liters / litersPerUKGallon / usage
                costPerHour = total.map { $0 / usage }
                return
            case "km":
                kilometers = usage
                miles = usage / kilometersPerMile
            default:
                miles = usage
                kilometers = usage * kilometersPerMile
            }
            guard let miles, let kilometers else { return }
            mpgUS = miles / (liters / litersPerUSGallon)
            mpgUK = miles / (liters / litersPerUKGallon)
            lp100k = liters / kilometers * 100
            kpl = kilometers / liters
            costPerMile = total.map { $0 / miles }
            costPerKilometer = total.map { $0 / kilometers }
        }
    }
}
