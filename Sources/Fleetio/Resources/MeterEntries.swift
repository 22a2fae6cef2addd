import Storage
import UnderstudyCore

/// The meter readings fuel and service entries carry (`meter_entry_attributes`): numbered from their own range,
/// embedded in the record they belong to, and moving the vehicle's current meter value.
enum MeterEntries {
    static let kind = "meter_entry"
    static let firstID = 4_200_001

    /// `{"value": n, "void": bool}` from a nested attributes object; errors go under `<prefix>value`.
    static func read(_ f: inout BodyFields, _ key: String) -> (value: Double, void: Bool)? {
        guard let m = f.object(key) else { return nil }
        var nested = BodyFields(m, prefix: key.replacingOccurrences(of: "_attributes", with: "") + ".")
        let value = Amounts.read(&nested, "value", required: true)
        let void = nested.bool("void") ?? false
        for (field, messages) in nested.errors.fields { for msg in messages { f.errors.add(field, msg) } }
        return value.map { ($0, void) }
    }

    /// Stores a reading for a vehicle at `date`; it becomes the vehicle's current value unless void.
    static func record(_ c: Context, _ reading: (value: Double, void: Bool), vehicleID: Int, date: String,
                       owner: (type: String, id: Int), secondary: Bool) throws -> JSON {
        let id = try c.store.nextSequence(kind, floor: firstID - 1)
        let entry: JSON = [
            "id": .int(id), "vehicle_id": .int(vehicleID), "date": .string(date), "value": .string(FleetioNumber.text(reading.value)),
            "void": .bool(reading.void), "auto_voided_at": .null, "meterable_id": .int(owner.id), "meterable_type": .string(owner.type),
            "category": .null, "meter_type": secondary ? "secondary" : "primary", "type": "MeterEntry",
            "created_at": .string(c.nowText), "updated_at": .string(c.nowText),
        ]
        try Vehicles.recordMeter(c, vehicleID: vehicleID, entry: ["value": FleetioNumber.json(reading.value), "void": .bool(reading.void)],
                                 secondary: secondary)
        return entry
    }
}
