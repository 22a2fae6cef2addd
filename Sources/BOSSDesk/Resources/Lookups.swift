import HTTP1
import Storage
import UnderstudyCore

/// The lookup tables (ticket types, priorities, categories, statuses, teams, groups, locations, tags, custom fields,
/// task types, CI statuses and types, manufacturers): read-only lists, seeded per tenant.
enum Lookups {
    struct Table: Sendable {
        let name: String
        /// The members a record shows, in order (what a seeded record may hold).
        var members = ["id", "name", "created_at", "updated_at"]
        var paginated = false
        var searchable = false
        /// Query parameters that narrow the list to equal values (e.g. `owner_class`).
        var filters: [Attribute] = []
    }

    static let id = Attribute("id", .int)
    static let name = Attribute("name", .string)
    static let searchAttributes = [id, name, Attribute("created_at", .timestamp), Attribute("updated_at", .timestamp)]

    static let tables: [Table] = [
        Table(name: "ticket_types", members: ["id", "name", "shortcut", "created_at", "updated_at"]),
        Table(name: "helpdesk_priorities", members: ["id", "name", "color", "level", "created_at", "updated_at"]),
        Table(name: "helpdesk_categories", members: ["id", "name", "color", "icon", "team_ids", "created_at", "updated_at"]),
        Table(name: "helpdesk_extended_statuses"), Table(name: "teams"), Table(name: "groups", paginated: true, searchable: true),
        Table(name: "locations", members: ["id", "name", "parent_id", "created_at", "updated_at"]),
        Table(name: "tags", members: ["id", "name", "owner_class", "created_at", "updated_at"], filters: [Attribute("owner_class", .string)]),
        Table(name: "custom_fields", members: ["id", "name", "owner_class", "type_id", "required", "position", "ci_type", "helpdesk_category",
                                               "options", "created_at", "updated_at"],
              filters: [Attribute("owner_class", .string), Attribute("type_id", .int)]),
        Table(name: "task_types"), Table(name: "ci_statuses", members: ["id", "name", "created_at", "updated_at", "color"]),
        Table(name: "ci_types", members: ["id", "parent_id", "name", "created_at", "updated_at", "icon"]),
        Table(name: "manufacturers", paginated: true, searchable: true),
    ]

    static func list(_ table: Table, _ c: Context) throws -> Response {
        var spec = Listing.Spec(kind: table.name, paginated: table.paginated)
        spec.ransack = table.searchable ? Ransack(searchAttributes) : nil
        for f in table.filters {
            guard let raw = c.query[f.name], !raw.isEmpty else { continue }
            guard let v = f.convert(raw) else { return JSONResponse.make(200, []) }
            spec.conditions.append(.compare(f, .eq, [v]))
        }
        return try Listing.list(c, spec) { try render(table.name, $0.doc, c) }
    }

    /// A lookup record as the API shows it: categories list their teams by `{id, name}`.
    static func render(_ table: String, _ doc: JSON, _ c: Context) throws -> JSON {
        guard table == "helpdesk_categories" else { return doc }
        var out = doc
        out.remove("team_ids")
        out.set("teams", .array(try (doc["team_ids"]?.array ?? []).map { try c.reference("teams", $0) }))
        return out
    }
}
