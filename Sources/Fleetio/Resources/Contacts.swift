import Storage
import UnderstudyCore

/// Contacts (technicians, operators, employees): list, show, create (`first_name` required); v1, v2 and unversioned.
/// Rendered in the full shape seed 000 embeds as `assigned_contacts`.
enum Contacts {
    static let kind = "contact"

    static let resource = Resource(
        path: "contacts", kind: kind, versions: [.v1, .v2, .unversioned], operations: [.list, .show, .create],
        firstID: 1_600_001,
        filters: [
            FilterField("first_name", .string, [.eq, .like]), FilterField("last_name", .string, [.eq, .like]),
            FilterField("email", .string, [.eq, .like]), FilterField("technician", .bool, [.eq]),
            FilterField("vehicle_operator", .bool, [.eq]), FilterField("employee", .bool, [.eq]),
            FilterField("group_name", .string, [.eq]),
            FilterField("created_at", .timestamp, FilterOp.range), FilterField("updated_at", .timestamp, FilterOp.range),
        ],
        sorts: [Attribute("last_name", .string)] + Resource.timestamps,
        create: create, render: render)

    /// Text fields a contact takes, each optional.
    private static let textFields = ["middle_name", "last_name", "email", "job_title", "group_name", "employee_number",
                                     "street_address", "street_address_line_2", "city", "region", "postal_code", "country",
                                     "license_class", "license_number", "license_state", "home_phone_number",
                                     "mobile_phone_number", "work_phone_number", "other_phone_number"]
    private static let dateFields = ["birth_date", "license_expiration", "start_date", "leave_date"]
    private static let flags = ["technician", "vehicle_operator", "employee"]

    static func create(_ c: Context, _ body: JSON) throws -> StoredRecord {
        var f = BodyFields(body)
        var doc: JSON = ["first_name": .from(f.string("first_name", required: true, max: 255))]
        for k in textFields { doc.set(k, .from(f.string(k, max: 255))) }
        for k in dateFields { doc.set(k, .from(f.date(k))) }
        for k in flags { doc.set(k, .bool(f.bool(k) ?? false)) }
        doc.set("hourly_labor_rate", Amounts.read(&f, "hourly_labor_rate").map(FleetioNumber.json) ?? .null)
        doc.set("custom_fields", f.object("custom_fields") ?? [:])
        if let email = doc["email"]?.string, !email.isEmpty, !email.contains("@") { f.fail("email", RailsMessage.invalid) }
        try f.errors.check()
        return try c.insertStamped(kind, firstID: resource.firstID, doc)
    }

    static func fullName(_ r: StoredRecord) -> String {
        [r.doc["first_name"]?.string, r.doc["middle_name"]?.string, r.doc["last_name"]?.string]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Every field of seed 000's contact, stored or defaulted.
    static func render(_ c: Context, _ r: StoredRecord) throws -> JSON {
        let d = r.doc
        func v(_ k: String) -> JSON { d[k] ?? .null }
        return [
            "id": .int(r.seq), "created_at": v("created_at"), "updated_at": v("updated_at"), "email": v("email"),
            "name": .string(fullName(r)), "first_name": v("first_name"), "middle_name": v("middle_name"), "last_name": v("last_name"),
            "images_count": 0, "documents_count": 0, "comments_count": 0,
            "group_id": .null, "group_name": v("group_name"), "group_hierarchy": v("group_name"),
            "technician": d["technician"] ?? false, "vehicle_operator": d["vehicle_operator"] ?? false, "employee": d["employee"] ?? false,
            "birth_date": v("birth_date"), "street_address": v("street_address"), "street_address_line_2": v("street_address_line_2"),
            "city": v("city"), "region": v("region"), "postal_code": v("postal_code"), "country": v("country"),
            "employee_number": v("employee_number"), "job_title": v("job_title"), "license_class": v("license_class"),
            "license_number": v("license_number"), "license_state": v("license_state"), "license_expiration": v("license_expiration"),
            "home_phone_number": v("home_phone_number"), "mobile_phone_number": v("mobile_phone_number"),
            "work_phone_number": v("work_phone_number"), "other_phone_number": v("other_phone_number"),
            "start_date": v("start_date"), "leave_date": v("leave_date"), "hourly_labor_rate": v("hourly_labor_rate"),
            "hourly_labor_rate_cents": d["hourly_labor_rate"]?.double.map { .int(FleetioNumber.cents($0)) } ?? .null,
            "custom_fields": d["custom_fields"] ?? [:], "attachment_permissions": Attachments.permissions,
            "default_image_url": v("default_image_url"), "user": [:], "account_membership_id": .null,
            "last_api_request": .null, "last_web_access": .null, "last_mobile_app_access": .null,
        ]
    }
}
