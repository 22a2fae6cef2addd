import Foundation
import Storage
import UnderstudyCore

/// The seed world (`seeds/jifeline/*.json`): the API client (author of notes), tickets in every state, a few notes.
enum Fixtures {
    static let clientKind = "client"

    static func load(into db: TenantDatabase, from directory: String) throws {
        let folder = directory + "/jifeline"
        let store = RecordStore(db, table: JifelineAPI.table)
        let client = try FixtureError.readJSON(folder, "client")
        try store.insert(clientKind, seq: 1, key: "1", doc: client)
        for (file, kind) in [("tickets", Tickets.kind), ("notes", Notes.kind)] {
            guard let items = try FixtureError.readJSON(folder, file).array else { throw FixtureError(file: "\(folder)/\(file).json", reason: "expected an array") }
            for (i, item) in items.enumerated() {
                guard let id = item["id"]?.string, Check.isUUID(id) else {
                    throw FixtureError(file: "\(folder)/\(file).json", reason: "[\(i)].id: needs a UUID")
                }
                var doc = item
                if kind == Notes.kind {
                    doc = ["id": .string(id), "author_id": client["id"] ?? .null, "author_name": client["name"] ?? .null,
                           "categories": item["categories"] ?? [], "created_at": item["created_at"] ?? .null,
                           "is_public": item["is_public"] ?? false, "ticket_id": item["ticket_id"] ?? .null, "updated_at": .null,
                           "value": item["value"] ?? ""]
                }
                try store.insert(kind, seq: try store.nextSequence(kind), key: id, doc: doc)
            }
        }
    }

}
