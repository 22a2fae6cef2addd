import Storage
import UnderstudyCore

/// Parts (`/api/v1/parts`): inventory items. Create needs a `number` unique in the account; category and
/// manufacturer must exist; `unit_cost` is money. List, show, update, delete.
enum Parts {
    static let kind = "part"

    static let resource = Resource(
        path: "parts", kind: kind, operations: [.list, .show, .create, .update, .delete], firstID: 3_800_001,
        filters: [
            FilterField("number", .string, [.eq, .like]), FilterField("description", .string, [.like]),
            FilterField("manufacturer_part_number", .string, [.eq]), FilterField("upc", .string, [.eq]),
            FilterField("part_category_id", .int, [.eq, .include]), FilterField("part_manufacturer_id", .int, [.eq, .include]),
            FilterField("created_at", .timestamp, FilterOp.range), FilterField("updated_at", .timestamp, FilterOp.range),
        ],
        sorts: [Attribute("number", .string)] + Resource.timestamps,
        create: { c, body in
            var f = BodyFields(body)
            var doc = try read(c, &f, excluding: nil, creating: true)
            try f.errors.check()
            doc.set("archived_at", .null)
            return try c.insertStamped(kind, firstID: 3_800_001, doc)
        },
        update: { c, record, body in
            var f = BodyFields(body)
            var doc = record.doc
            let changes = try read(c, &f, excluding: record.key, creating: false)
            try f.errors.check()
            for (k, v) in changes.object ?? [] { doc.set(k, v) }
            doc.set("updated_at", .string(c.nowText))
            return doc
        },
        render: render)

    private static func read(_ c: Context, _ f: inout BodyFields, excluding key: String?, creating: Bool) throws -> JSON {
        var out: JSON = [:]
        if creating || f.has("number") {
            let number = f.string("number", required: true, max: 255)
            if let number, !number.trimmed.isEmpty,
               let other = try c.store.first(kind, where: [.pathEquals("$.number", .text(number))]), other.key != key {
                f.fail("number", RailsMessage.taken)
            }
            out.set("number", .from(number))
        }
        for k in ["description", "manufacturer_part_number", "upc"] where creating || f.has(k) {
            out.set(k, .from(f.string(k, max: k == "description" ? nil : 255)))
        }
        if creating || f.has("unit_cost") { out.set("unit_cost", .from(Amounts.read(&f, "unit_cost"))) }
        if creating || f.has("part_category_id") {
            out.set("part_category_id", .from(try c.reference(&f, "part_category_id", PartCategories.kind)?.seq))
        }
        if creating || f.has("part_manufacturer_id") {
            out.set("part_manufacturer_id", .from(try c.reference(&f, "part_manufacturer_id", PartManufacturers.kind)?.seq))
        }
        if creating || f.has("custom_fields") { out.set("custom_fields", f.object("custom_fields") ?? [:]) }
        return out
    }

    static func render(_ c: Context, _ r: StoredRecord) throws -> JSON {
        let d = r.doc
        let category = try c.find(PartCategories.kind, d["part_category_id"]?.int)
        let manufacturer = try c.find(PartManufacturers.kind, d["part_manufacturer_id"]?.int)
        let cost = d["unit_cost"]?.double
        return [
            "id": .int(r.seq), "created_at": d["created_at"] ?? .null, "updated_at": d["updated_at"] ?? .null,
            "number": d["number"] ?? .null, "description": d["description"] ?? .null,
            "manufacturer_part_number": d["manufacturer_part_number"] ?? .null, "upc": d["upc"] ?? .null,
            "unit_cost": cost.map(FleetioNumber.json) ?? .null, "unit_cost_cents": cost.map { .int(FleetioNumber.cents($0)) } ?? .null,
            "average_unit_cost_cents": cost.map { .int(FleetioNumber.cents($0)) } ?? .null,
            "measurement_unit_id": .null, "measurement_unit_name": .null,
            "part_category_id": d["part_category_id"] ?? .null, "part_category_name": .from(category?.doc["name"]?.string),
            "part_category": Embedded.named(category),
            "part_manufacturer_id": d["part_manufacturer_id"] ?? .null, "part_manufacturer_name": .from(manufacturer?.doc["name"]?.string),
            "part_manufacturer": Embedded.named(manufacturer),
            "archived_at": d["archived_at"] ?? .null, "custom_fields": d["custom_fields"] ?? [:],
            "default_image_url": .null, "default_image_url_small": .null, "default_image_url_medium": .null, "default_image_url_large": .null,
            "attachment_permissions": Attachments.permissions, "comments_count": 0, "documents_count": 0, "images_count": 0,
        ]
    }
}
