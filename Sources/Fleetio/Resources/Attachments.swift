import Storage
import UnderstudyCore

/// Documents and images attached to records through `documents_attributes` / `images_attributes` (seed 000).
enum Attachments {
    static let documentKind = "document"
    static let imageKind = "image"
    /// Each kind numbers its own ids from its own range, as every Fleetio record kind does: a document and an image
    /// never share an id.
    static let firstDocumentID = 3_300_001
    static let firstImageID = 3_400_001
    static let permissions: JSON = ["read_photos": true, "manage_photos": true, "read_documents": true, "manage_documents": true]

    /// Adds nested attachments (already validated) to a record.
    static func add(_ c: Context, _ items: [JSON], kind: String, to type: String, id: Int) throws {
        let owner = kind == documentKind ? "documentable" : "imageable"
        for item in items {
            _ = try c.insert(kind, firstID: kind == documentKind ? firstDocumentID : firstImageID) { aid in
                let url = item["file_url"] ?? .null
                var doc: JSON = [
                    "id": .int(aid), "created_at": .string(c.nowText), "updated_at": .string(c.nowText),
                    "\(owner)_id": .int(id), "\(owner)_type": .string(type),
                    "file_name": item["file_name"] ?? .null, "file_mime_type": item["file_mime_type"] ?? .null,
                    "file_size": item["file_size"] ?? .null, "file_url": url,
                ]
                if kind == documentKind {
                    doc.set("name", item["name"] ?? .null)
                    doc.set("description", item["description"] ?? .null)
                    doc.set("full_file_url", url)
                } else {
                    doc.set("full_url", url)
                }
                return doc
            }
        }
    }

    /// A record's attachments of one kind, oldest first.
    static func of(_ c: Context, kind: String, type: String, id: Int) throws -> [JSON] {
        let owner = kind == documentKind ? "documentable" : "imageable"
        return try c.children(kind, [("$.\(owner)_type", .text(type)), ("$.\(owner)_id", .integer(Int64(id)))]).map(\.doc)
    }

    static func removeAll(_ c: Context, from type: String, id: Int) throws {
        for (kind, owner) in [(documentKind, "documentable"), (imageKind, "imageable")] {
            try c.store.deleteAll(kind, where: [.pathEquals("$.\(owner)_type", .text(type)), .pathEquals("$.\(owner)_id", .integer(Int64(id)))])
        }
    }
}
