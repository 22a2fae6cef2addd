import Storage
import UnderstudyCore

/// How a ticket is stored and shown (stackone.md, "Ticket shape"), and the validation of create and update
/// bodies: field types, allowed fields, and references that must exist (400 naming the field).
enum TicketShape {
    /// Longest `title` (a provider's summary field, e.g. Jira's, holds 255 characters).
    static let maxTitleLength = 255
    /// Longest `plain` or `html` content (Jira's description limit).
    static let maxContentLength = 32_767
    static let priorityValues: Set<String> = ["lowest", "low", "medium", "high", "highest", "unmapped_value"]
    static let closedType = "closed"
    static let createFields: Set<String> = [
        "title", "creator_id", "reporters", "assignees", "content", "parent_id", "priority", "tags", "collections", "type",
        "organization_id", "project_id", "component_ids", "unified_custom_fields",
    ]
    static let updateFields: Set<String> = createFields.subtracting(["creator_id", "organization_id", "type"]).union(["status"])

    /// A new ticket document with every field present, in the order StackOne shows them.
    static func skeleton(id: String, remoteID: String, number: String, url: String, organization: JSON, now: String) -> JSON {
        [
            "id": .string(id), "remote_id": .string(remoteID), "ticket_number": .string(number), "title": .null,
            "creator_id": .null, "reporters": [], "assignees": [], "content": [], "parent_id": .null, "closed_at": .null,
            "ticket_url": .string(url), "status": .null, "priority": .null, "tags": [], "collections": [], "projects": [],
            "components": [], "organization": organization, "type": .null, "unified_custom_fields": [:],
            "created_at": .string(now), "updated_at": .string(now),
        ]
    }

    /// Checks a body against the allowed fields and writes it into `doc`.
    static func apply(_ body: JSON, to doc: inout JSON, store: RecordStore, organization: JSON, allowed: Set<String>) throws {
        guard let members = body.object else { throw StackOneError.badRequest("The request body must be a JSON object") }
        if let unknown = members.first(where: { !allowed.contains($0.0) }) {
            throw StackOneError.badRequest("property \(unknown.0) should not exist")
        }
        let f = BodyReader(body: body, store: store)
        if let title = try f.string("title") {
            guard title.count <= maxTitleLength else {
                throw StackOneError.badRequest("title must be shorter than or equal to \(maxTitleLength) characters")
            }
            doc.set("title", .string(title))
        }
        if let creator = try f.reference("creator_id", kind: Kind.user, what: "user") { doc.set("creator_id", .string(creator)) }
        if let reporters = try f.references("reporters", kind: Kind.user, what: "user") { doc.set("reporters", .array(reporters.map(JSON.string))) }
        if let assignees = try f.references("assignees", kind: Kind.user, what: "user") { doc.set("assignees", .array(assignees.map(JSON.string))) }
        if let content = try f.content() { doc.set("content", content) }
        if f.isNull("parent_id") { doc.set("parent_id", .null) }
        if let parent = try f.reference("parent_id", kind: Kind.ticket, what: "ticket") {
            guard parent != doc["id"]?.string else { throw StackOneError.badRequest("parent_id must not be the ticket itself") }
            doc.set("parent_id", .string(parent))
        }
        if let priority = try f.priority() { doc.set("priority", priority) }
        if let tags = try f.strings("tags") { doc.set("tags", .array(tags.map(JSON.string))) }
        if let custom = body["unified_custom_fields"], !custom.isNull {
            guard custom.object != nil else { throw StackOneError.badRequest("unified_custom_fields must be an object") }
            doc.set("unified_custom_fields", custom)
        }
        if let orgID = try f.string("organization_id"), orgID != organization["id"]?.string {
            throw StackOneError.badRequest("organization_id must reference an existing organization")
        }
        if let typeID = try f.reference("type", kind: Kind.ticketType, what: "ticket type") {
            doc.set("type", try ticketType(typeID, store: store))
        }
        try applyCollections(f, to: &doc)
        if let statusID = try f.statusID() { try setStatus(statusID, on: &doc, store: store, now: doc["updated_at"]) }
    }

    /// `collections` (seed era) or `project_id` + `component_ids` (current): both end up in all three lists.
    static func applyCollections(_ f: BodyReader, to doc: inout JSON) throws {
        var ids: [String]?
        if let list = try f.references("collections", kind: Kind.collection, what: "collection") { ids = list }
        let project = try f.reference("project_id", kind: Kind.collection, what: "project")
        let components = try f.references("component_ids", kind: Kind.collection, what: "component")
        if project != nil || components != nil {
            if let project, try f.store.get(Kind.collection, key: project)?.doc["type"]?.string != "project" {
                throw StackOneError.badRequest("project_id must reference an existing project")
            }
            for id in components ?? [] {
                let c = try f.store.get(Kind.collection, key: id)?.doc
                guard c?["type"]?.string == "component" else { throw StackOneError.badRequest("component_ids must reference existing components") }
                if let project, c?["parent_id"]?.string != project {
                    throw StackOneError.badRequest("component_ids must belong to the project project_id names")
                }
            }
            ids = (ids ?? []) + (project.map { [$0] } ?? []) + (components ?? [])
        }
        guard let ids else { return }
        var unique: [String] = []
        for id in ids where !unique.contains(id) { unique.append(id) }
        // The SDK's TicketingTicket: `projects` are TicketingProject objects and `components` TicketingComponent ones
        // (the same members `/projects` and `/projects/:id/components` answer), `collections` stays a list of ids.
        var projects: [JSON] = [], comps: [JSON] = []
        for id in unique {
            guard let record = try f.store.get(Kind.collection, key: id) else { continue }
            switch record.doc["type"]?.string {
            case "project": projects.append(Collections.project(record))
            case "component": comps.append(Collections.component(record))
            default: break
            }
        }
        doc.set("collections", .array(unique.map(JSON.string)))
        doc.set("projects", .array(projects))
        doc.set("components", .array(comps))
    }

    /// The ticket's `type` object from a ticket type record.
    static func ticketType(_ id: String, store: RecordStore) throws -> JSON {
        let t = try store.get(Kind.ticketType, key: id)?.doc ?? [:]
        return ["id": .string(id), "name": t["name"] ?? .null, "collection_id": t["collection_id"] ?? .null,
                "parent_collection_id": t["parent_collection_id"] ?? .null, "project_id": t["project_id"] ?? .null]
    }

    /// Moves the ticket to a status; a `closed` status sets `closed_at`, any other clears it.
    static func setStatus(_ id: String, on doc: inout JSON, store: RecordStore, now: JSON?) throws {
        guard let s = try store.get(Kind.status, key: id)?.doc else {
            throw StackOneError.badRequest("status must reference an existing ticket status")
        }
        guard status(s, appliesTo: doc["type"]?["id"]?.string) else {
            throw StackOneError.badRequest("status \(id) is not valid for this ticket's type")
        }
        let closed = s["type"]?["value"]?.string == closedType
        let wasClosed = doc["status"]?["type"]?["value"]?.string == closedType
        doc.set("status", statusOnTicket(s))
        if closed && !wasClosed { doc.set("closed_at", now ?? .null) }
        if !closed { doc.set("closed_at", .null) }
    }

    /// A status as a ticket shows it: the SDK's `{id, value, source_value}` and the `{name, type}` of the status list.
    static func statusOnTicket(_ s: JSON) -> JSON {
        ["id": s["id"] ?? .null, "name": s["name"] ?? .null, "value": s["type"]?["value"] ?? .null,
         "source_value": s["type"]?["source_value"] ?? .null, "type": s["type"] ?? .null]
    }

    /// A status record as the status list shows it (without which types it applies to).
    static func publicStatus(_ r: StoredRecord) -> JSON {
        var doc = r.doc
        doc.remove("ticket_type_ids")
        return doc
    }

    /// Whether a status applies to tickets of a type (an empty `ticket_type_ids` means every type).
    static func status(_ doc: JSON, appliesTo type: String?) -> Bool {
        let types = doc["ticket_type_ids"]?.array?.compactMap(\.string) ?? []
        guard let type, !types.isEmpty else { return true }
        return types.contains(type)
    }

    /// The first `to-do` status that applies to a type: where new tickets start.
    static func initialStatus(forType type: String?, store: RecordStore) throws -> String? {
        // Every create asks: kept until the statuses change (by type id; no type id is a NUL).
        try store.derived(Kind.status, type ?? "\u{0}") {
            try store.list(RecordQuery(kind: Kind.status)).first {
                $0.doc["type"]?["value"]?.string == "to-do" && status($0.doc, appliesTo: type)
            }?.key
        }
    }
}

/// Typed reads of a ticket body; every failure is a 400 naming the field.
struct BodyReader {
    let body: JSON
    let store: RecordStore

    func isNull(_ key: String) -> Bool { body[key]?.isNull == true }

    func string(_ key: String) throws -> String? {
        guard let v = body[key], !v.isNull else { return nil }
        guard let s = v.string else { throw StackOneError.badRequest("\(key) must be a string") }
        return s
    }

    /// An array of strings; also the array written as a JSON string (`"[\"a\",\"b\"]"`), which is how the official
    /// SDK types and sends `component_ids`.
    func strings(_ key: String) throws -> [String]? {
        guard var v = body[key], !v.isNull else { return nil }
        if let text = v.string, text.first == "[", let decoded = try? JSONParser.parse(text), decoded.array != nil { v = decoded }
        guard let items = v.array else { throw StackOneError.badRequest("\(key) must be an array") }
        return try items.map {
            guard let s = $0.string else { throw StackOneError.badRequest("each value in \(key) must be a string") }
            return s
        }
    }

    func reference(_ key: String, kind: String, what: String) throws -> String? {
        guard let id = try string(key) else { return nil }
        guard try store.exists(kind, key: id) else { throw StackOneError.badRequest("\(key) must reference an existing \(what)") }
        return id
    }

    func references(_ key: String, kind: String, what: String) throws -> [String]? {
        guard let ids = try strings(key) else { return nil }
        for id in ids where try !store.exists(kind, key: id) {
            throw StackOneError.badRequest("\(key) must reference existing \(what)s (unknown: \(id))")
        }
        return ids
    }

    func content() throws -> JSON? {
        guard let v = body["content"], !v.isNull else { return nil }
        guard let items = v.array else { throw StackOneError.badRequest("content must be an array") }
        return .array(try items.map { item in
            guard let o = item.object else { throw StackOneError.badRequest("each value in content must be an object") }
            if let bad = o.first(where: { $0.0 != "plain" && $0.0 != "html" }) {
                throw StackOneError.badRequest("content.property \(bad.0) should not exist")
            }
            for (k, value) in o where !value.isNull {
                guard let text = value.string else { throw StackOneError.badRequest("content.\(k) must be a string") }
                guard text.count <= TicketShape.maxContentLength else {
                    throw StackOneError.badRequest("content.\(k) must be shorter than or equal to \(TicketShape.maxContentLength) characters")
                }
            }
            return ["plain": item["plain"] ?? .null, "html": item["html"] ?? .null]
        })
    }

    func priority() throws -> JSON? {
        guard let v = body["priority"], !v.isNull else { return nil }
        guard let o = v.object else { throw StackOneError.badRequest("priority must be an object") }
        if let bad = o.first(where: { !["id", "value", "source_value"].contains($0.0) }) {
            throw StackOneError.badRequest("priority.property \(bad.0) should not exist")
        }
        // The SDK's create model: `id` and `value` are strings; `source_value` may be a string, number, boolean, object
        // or array (the provider's own value, passed through).
        for (k, value) in o where k != "source_value" && !value.isNull && value.string == nil {
            throw StackOneError.badRequest("priority.\(k) must be a string")
        }
        if let value = v["value"]?.string, !TicketShape.priorityValues.contains(value) {
            throw StackOneError.badRequest("priority.value must be one of the following values: \(TicketShape.priorityValues.sorted().joined(separator: ", "))")
        }
        return ["id": v["id"] ?? .null, "value": v["value"] ?? .null, "source_value": v["source_value"] ?? .null]
    }

    /// `status` as `{"id": …}` (the unified shape) or a bare id.
    func statusID() throws -> String? {
        guard let v = body["status"], !v.isNull else { return nil }
        if let s = v.string { return s }
        guard let id = v["id"]?.string else { throw StackOneError.badRequest("status must be an object with an id") }
        return id
    }
}
