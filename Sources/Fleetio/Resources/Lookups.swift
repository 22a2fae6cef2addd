import Storage
import UnderstudyCore

/// The small lookup records other resources name by id: vendors (clients may add them), fuel types, expense entry
/// types, part categories, part manufacturers, part locations and inspection forms (listed and shown).
enum Vendors {
    static let kind = "vendor"
    static let resource = Resource(
        path: "vendors", kind: kind, operations: [.list, .show, .create], firstID: 2_600_001,
        filters: [FilterField("name", .string, [.eq, .like]), FilterField("city", .string, [.eq])],
        sorts: [Attribute("name", .string)] + Resource.timestamps,
        create: { c, body in
            var f = BodyFields(body)
            let name = f.string("name", required: true, max: 255)
            if let name, !name.isEmpty, try c.store.first(kind, where: [.pathEquals("$.name", .text(name))]) != nil {
                f.fail("name", RailsMessage.taken)
            }
            var doc: JSON = ["name": .from(name), "archived_at": .null]
            for k in ["phone", "email", "website", "street_address", "city", "region", "postal_code", "country"] {
                doc.set(k, .from(f.string(k, max: 255)))
            }
            for k in ["fuel", "service", "parts", "charging"] { doc.set(k, .bool(f.bool(k) ?? false)) }
            try f.errors.check()
            return try c.insertStamped(kind, firstID: 2_600_001, doc)
        },
        render: { _, r in Embedded.named(r) })
}

/// A read-only lookup: listed, shown, filtered by name.
private func lookup(_ path: String, _ kind: String, firstID: Int) -> Resource {
    Resource(path: path, kind: kind, operations: [.list, .show], firstID: firstID,
             filters: [FilterField("name", .string, [.eq, .like])], render: { _, r in Embedded.named(r) })
}

enum FuelTypes {
    static let kind = "fuel_type"
    static let resource = lookup("fuel_types", kind, firstID: 2_700_001)
}

enum ExpenseEntryTypes {
    static let kind = "expense_entry_type"
    static let resource = lookup("expense_entry_types", kind, firstID: 2_800_001)
}

enum PartCategories {
    static let kind = "part_category"
    static let resource = lookup("part_categories", kind, firstID: 2_900_001)
}

enum PartManufacturers {
    static let kind = "part_manufacturer"
    static let resource = lookup("part_manufacturers", kind, firstID: 3_000_001)
}

enum PartLocations {
    static let kind = "part_location"
    static let resource = lookup("part_locations", kind, firstID: 3_100_001)
}

enum InspectionForms {
    static let kind = "inspection_form"
    static let resource = Resource(path: "inspection_forms", kind: kind, operations: [.list, .show], firstID: 3_200_001,
                                   filters: [FilterField("title", .string, [.eq, .like])], render: { _, r in Embedded.named(r) })
}
