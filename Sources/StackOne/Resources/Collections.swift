import HTTP1
import Storage
import UnderstudyCore

/// Collections (`/collections`, the seed era's view, `filter[type]`) and the same records as the SDK's projects and
/// components (`/projects`, `/projects/:id/components`, `/projects/:id/ticket_types`).
enum Collections {
    static let parentID = Attribute("parent_id", .string)
    static let collectionType = Attribute("type", .string)
    static let collectionID = Attribute("collection_id", .string)
    static let projectID = Attribute("project_id", .string)

    static func collections(_ c: Context) throws -> Response {
        var source = Listing.Source(kind: Kind.collection)
        source.filters["type"] = { value in
            guard value == "project" || value == "component" else {
                throw StackOneError.badRequest("filter.type must be one of the following values: project, component")
            }
            return .compare(collectionType, .eq, [.text(value)])
        }
        return try Listing.list(c, source)
    }

    static func collection(_ c: Context) throws -> Response {
        try Listing.get(c, try c.existing(Kind.collection, c.parameter("id")).doc)
    }

    static func collectionTicketTypes(_ c: Context) throws -> Response {
        let id = try c.existing(Kind.collection, c.parameter("id")).key
        return try Listing.list(c, .init(kind: Kind.ticketType, conditions: [.compare(collectionID, .eq, [.text(id)])]))
    }

    // MARK: Projects and components (the same collections, current shape)

    static func projects(_ c: Context) throws -> Response {
        try Listing.list(c, .init(kind: Kind.collection, conditions: [.compare(collectionType, .eq, [.text("project")])], render: project))
    }

    static func projectRecord(_ c: Context) throws -> StoredRecord {
        let r = try c.existing(Kind.collection, c.parameter("id"))
        guard r.doc["type"]?.string == "project" else { throw StackOneError.notFound }
        return r
    }

    static func showProject(_ c: Context) throws -> Response { try Listing.get(c, project(try projectRecord(c))) }

    static func components(_ c: Context) throws -> Response {
        let p = try projectRecord(c)
        return try Listing.list(c, .init(kind: Kind.collection, conditions: [
            .compare(collectionType, .eq, [.text("component")]), .compare(parentID, .eq, [.text(p.key)]),
        ], render: component))
    }

    static func showComponent(_ c: Context) throws -> Response {
        let p = try projectRecord(c)
        let r = try c.existing(Kind.collection, c.parameter("sub"))
        guard r.doc["type"]?.string == "component", r.doc["parent_id"]?.string == p.key else { throw StackOneError.notFound }
        return try Listing.get(c, component(r))
    }

    static func projectTicketTypes(_ c: Context) throws -> Response {
        let p = try projectRecord(c)
        return try Listing.list(c, .init(kind: Kind.ticketType, conditions: [.compare(projectID, .eq, [.text(p.key)])]))
    }

    static func project(_ r: StoredRecord) -> JSON {
        pick(r.doc, ["id", "remote_id", "organization_id", "name", "description", "created_at", "updated_at"])
    }

    static func component(_ r: StoredRecord) -> JSON {
        var doc = pick(r.doc, ["id", "remote_id", "organization_id", "name", "description", "created_at", "updated_at"])
        doc.set("project_id", r.doc["parent_id"] ?? .null)
        return doc
    }

    static func pick(_ doc: JSON, _ keys: [String]) -> JSON {
        .object(keys.map { ($0, doc[$0] ?? .null) })
    }
}
