import Storage
import UnderstudyCore

/// Submitted inspection forms (`/api/v1/submitted_inspection_forms`): inspections drivers submitted from the mobile
/// app, read-only through the API (listed and shown), with the form, the vehicle and the submitting user embedded.
enum SubmittedInspectionForms {
    static let kind = "submitted_inspection_form"

    static let resource = Resource(
        path: "submitted_inspection_forms", kind: kind, operations: [.list, .show], firstID: 4_100_001,
        filters: [
            FilterField("vehicle_id", .int, [.eq, .include]), FilterField("inspection_form_id", .int, [.eq, .include]),
            FilterField("submitted_at", .timestamp, FilterOp.range), FilterField("started_at", .timestamp, FilterOp.range),
            FilterField("created_at", .timestamp, FilterOp.range), FilterField("updated_at", .timestamp, FilterOp.range),
        ],
        sorts: [Attribute("submitted_at", .timestamp)] + Resource.timestamps,
        render: render)

    static func render(_ c: Context, _ r: StoredRecord) throws -> JSON {
        let d = r.doc
        let vehicle = try c.find(Vehicles.kind, d["vehicle_id"]?.int)
        let form = try c.find(InspectionForms.kind, d["inspection_form_id"]?.int)
        let submitter = try c.find(Contacts.kind, d["contact_id"]?.int)
        return [
            "id": .int(r.seq), "created_at": d["created_at"] ?? .null, "updated_at": d["updated_at"] ?? .null,
            "date": d["submitted_at"] ?? .null, "started_at": d["started_at"] ?? .null, "submitted_at": d["submitted_at"] ?? .null,
            "starting_latitude": d["starting_latitude"] ?? .null, "starting_longitude": d["starting_longitude"] ?? .null,
            "submitted_latitude": d["submitted_latitude"] ?? .null, "submitted_longitude": d["submitted_longitude"] ?? .null,
            "failed_items": d["failed_items"] ?? 0, "vehicle_id": d["vehicle_id"] ?? .null, "vehicle": Embedded.vehicle(vehicle),
            "inspection_form_id": d["inspection_form_id"] ?? .null,
            "inspection_form": form.map { ["id": .int($0.seq), "title": $0.doc["title"] ?? .null, "description": $0.doc["description"] ?? .null] } ?? .null,
            "user": submitter.map { ["id": .int($0.seq), "full_name": .string(Contacts.fullName($0)),
                                     "default_image_url": $0.doc["default_image_url"] ?? .null] } ?? .null,
        ]
    }
}
