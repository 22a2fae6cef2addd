import Storage
import UnderstudyCore

/// Comments on issues (and other commentable records): created through an issue's `comments_attributes`
/// or `POST /comments`, listed and shown on their own.
enum Comments {
    static let kind = "comment"
    static let commentableTypes = ["Issue"]

    static let resource = Resource(
        path: "comments", kind: kind, operations: [.list, .show, .create], firstID: 2_200_001,
        filters: [
            FilterField("commentable_type", .string, [.eq]),
            FilterField("commentable_id", .int, [.eq, .include]),
            FilterField("created_at", .timestamp, FilterOp.range),
            FilterField("updated_at", .timestamp, FilterOp.range),
        ],
        sorts: Resource.timestamps,
        create: create, render: { c, r in render(c, r) })

    /// `POST /comments {"commentable_type":"Issue","commentable_id":…,"comment":"…","title":…}`.
    static func create(_ c: Context, _ body: JSON) throws -> StoredRecord {
        var f = BodyFields(body)
        let type = f.oneOf("commentable_type", commentableTypes, required: true)
        let id = f.int("commentable_id", required: true, min: 1)
        let text = f.string("comment", required: true)
        let title = f.string("title")
        if let id, type == "Issue", try c.find(Issues.kind, id) == nil { f.fail("commentable_id", RailsMessage.doesNotExist) }
        try f.errors.check()
        return try insert(c, ["title": .from(title), "comment": .from(text)], to: type!, id: id!)
    }

    /// Adds nested comments (already validated) to a record.
    static func add(_ c: Context, _ items: [JSON], to type: String, id: Int) throws {
        for item in items { _ = try insert(c, item, to: type, id: id) }
    }

    private static func insert(_ c: Context, _ item: JSON, to type: String, id: Int) throws -> StoredRecord {
        try c.insert(kind, firstID: resource.firstID) { cid in
            let text = item["comment"]?.string ?? ""
            return [
                "id": .int(cid), "created_at": .string(c.nowText), "updated_at": .string(c.nowText),
                "commentable_type": .string(type), "commentable_id": .int(id), "user_id": .int(c.account.userID),
                "title": item["title"] ?? .null, "comment": .string(text), "user_full_name": .string(c.account.userName),
                "user_image_url": .from(c.account.userImageURL), "rich_content": [:],
                "html_content": .string("<p>\(HTML.escape(text))</p>"), "with_mentions": false,
            ]
        }
    }

    /// The comments on a record, oldest first.
    static func of(_ c: Context, type: String, id: Int) throws -> [JSON] {
        try c.children(kind, [("$.commentable_type", .text(type)), ("$.commentable_id", .integer(Int64(id)))]).map { render(c, $0) }
    }

    static func render(_ c: Context, _ r: StoredRecord) -> JSON {
        var d = r.doc
        d.remove("title")
        return d
    }
}

/// Minimal HTML escaping for rendered comment bodies.
enum HTML {
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
