import Storage
import UnderstudyCore

/// Validation of ticket bodies (create and update share it): required fields, references that must exist,
/// and custom field values checked against each field's type (bossdesk.md).
enum TicketFields {
    /// Custom field types (seed): 1 string, 2 text, 3 URL, 4 integer, 5 float, 6 date, 7 boolean, 8 dropdown, 11 cascading dropdown.
    enum FieldType: Int {
        case string = 1, text = 2, url = 3, integer = 4, float = 5, date = 6, boolean = 7, dropdown = 8, cascading = 11
    }

    static let references: [(key: String, table: String)] = [
        ("type_id", "ticket_types"), ("priority_id", "helpdesk_priorities"), ("category_id", "helpdesk_categories"),
        ("extended_status_id", "helpdesk_extended_statuses"), ("team_id", "teams"),
    ]

    /// The references an agent's new ticket must give (made once: a default argument is built on every call).
    static let agentRequired: Set<String> = ["type_id", "priority_id"]

    /// Writes a ticket body into the stored document, collecting every error; throws them as a 422.
    /// On create, `title` and the `required` references must be given (end users' tickets need no priority).
    static func apply(_ body: JSON, to doc: inout JSON, c: Context, creating: Bool,
                      required: Set<String> = agentRequired) throws {
        var f = BodyFields(body)
        if creating || f.has("title") {
            if let title = f.string("title", required: true), !title.trimmed.isEmpty { doc.set("title", .string(title)) }
        }
        if let d = f.string("description") { doc.set("description", .string(d)) }
        for (key, table) in references {
            let needed = creating && required.contains(key)
            guard needed || f.has(key) else { continue }
            if f.value(key) == nil && !needed { doc.set(key, .null); continue }
            guard let id = f.int(key, required: needed) else { continue }
            if try c.lookup(table, id) == nil { f.fail(key, RailsMessage.doesNotExist) } else { doc.set(key, .int(id)) }
        }
        for (key, agentOnly) in [("requester_id", false), ("agent_id", true)] where f.has(key) {
            if f.value(key) == nil { doc.set(key, .null); continue }
            guard let id = f.int(key) else { continue }
            guard let user = try c.userDoc(id) else { f.fail(key, RailsMessage.doesNotExist); continue }
            if agentOnly && user["is_agent"]?.bool != true { f.fail(key, "is not an agent"); continue }
            doc.set(key, .int(id))
        }
        if f.has("due_at") {
            if f.value("due_at") == nil { doc.set("due_at", .null) } else if let t = f.timestamp("due_at") { doc.set("due_at", .string(RecordTime.format(t))) }
        }
        if let tags = f.value("tag_ids") {
            if let ids = try c.tagIDs(tags, ownerClass: "ticket") { doc.set("tag_ids", .array(ids.map(JSON.int))) } else { f.fail("tag_ids", RailsMessage.invalid) }
        }
        if let custom = f.value("custom_fields") {
            if let members = custom.object {
                var values = doc["custom_fields"] ?? [:]
                for (id, value) in members {
                    if let checked = try customValue(id, value, owner: "ticket", c: c, errors: &f) { values.set(id, checked) } else { values.remove(id) }
                }
                doc.set("custom_fields", values)
            } else {
                f.fail("custom_fields", RailsMessage.invalid)
            }
        }
        try f.errors.check()
    }

    /// A custom field value converted to its field's type; nil clears it. Errors go under `custom_fields.<id>`.
    static func customValue(_ id: String, _ value: JSON, owner: String, c: Context, errors f: inout BodyFields) throws -> JSON? {
        let key = "custom_fields.\(id)"
        guard let n = Int(id), let field = try c.lookup("custom_fields", n), field["owner_class"]?.string == owner,
              let type = field["type_id"]?.int.flatMap(FieldType.init) else {
            f.fail(key, RailsMessage.doesNotExist)
            return nil
        }
        if value.isNull || value.string == "" { return nil }
        switch type {
        case .string, .text:
            if let s = value.string { return .string(s) }
        case .url:
            if let s = value.string, s.hasPrefix("http://") || s.hasPrefix("https://") { return .string(s) }
        case .integer:
            if let i = value.int ?? value.string.flatMap({ Int($0.trimmed) }) { return .int(i) }
            f.fail(key, RailsMessage.notAnInteger)
            return nil
        case .float:
            if let d = value.double ?? value.string.flatMap({ Double($0.trimmed) }) { return .double(d) }
            f.fail(key, RailsMessage.notANumber)
            return nil
        case .date:
            if let s = value.string, s.count == 10, let t = ISO8601.parse(s + "T00:00:00Z") { return .string(ISO8601.date(t)) }
        case .boolean:
            if let b = value.bool { return .bool(b) }
            if let s = value.string?.lowercased(), ["true", "false", "1", "0"].contains(s) { return .bool(s == "true" || s == "1") }
        case .dropdown, .cascading:
            let options = field["options"]?.array ?? []
            if let hit = options.first(where: { $0["id"] == value || ($0["name"]?.string != nil && $0["name"] == value) }) {
                return hit["id"] ?? .null
            }
            f.fail(key, RailsMessage.inclusion)
            return nil
        }
        f.fail(key, RailsMessage.invalid)
        return nil
    }
}
