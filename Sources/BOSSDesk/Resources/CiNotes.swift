import HTTP1
import Storage
import UnderstudyCore

/// Notes on a CI: create (201), update (200 with the note), delete (200 with the note); `text` required.
enum CiNotes {
    static func create(_ c: Context) throws -> Response {
        let text = try self.text(c, required: true)
        let note = try edit(c) { notes in
            let note: JSON = ["id": .int(try c.store.nextSequence("note")), "text": .string(text ?? ""), "created_at": .string(c.nowText),
                              "updated_at": .string(c.nowText), "created_by_id": c.user["id"] ?? .null]
            notes.append(note)
            return note
        }
        return JSONResponse.make(201, try render(note, c))
    }

    static func update(_ c: Context) throws -> Response {
        let text = try self.text(c, required: false)
        let note = try edit(c) { notes in
            let i = try index(of: c, in: notes)
            if let text { notes[i].set("text", .string(text)) }
            notes[i].set("updated_at", .string(c.nowText))
            return notes[i]
        }
        return JSONResponse.make(200, try render(note, c))
    }

    static func delete(_ c: Context) throws -> Response {
        let note = try edit(c) { notes in notes.remove(at: try index(of: c, in: &notes)) }
        return JSONResponse.make(200, try render(note, c))
    }

    static func text(_ c: Context, required: Bool) throws -> String? {
        var f = BodyFields(try c.body(root: "note"))
        let text = f.string("text", required: required || f.has("text"))
        try f.errors.check()
        return text
    }

    static func index(of c: Context, in notes: [JSON]) throws -> Int {
        guard let id = Int(c.parameter("note")), let i = notes.firstIndex(where: { $0["id"]?.int == id }) else { throw BOSSDeskError.notFound }
        return i
    }

    static func index(of c: Context, in notes: inout [JSON]) throws -> Int { try index(of: c, in: notes) }

    /// Changes the CI's notes and answers the note `change` returns.
    static func edit(_ c: Context, _ change: (inout [JSON]) throws -> JSON) throws -> JSON {
        try c.store.db.transaction {
            var record = try c.existing(Kind.ci, c.parameter("id"))
            var notes = record.doc["notes"]?.array ?? []
            let note = try change(&notes)
            record.doc.set("notes", .array(notes))
            _ = try c.store.update(Kind.ci, key: record.key, doc: record.doc)
            return note
        }
    }

    static func render(_ n: JSON, _ c: Context) throws -> JSON {
        ["id": n["id"] ?? .null, "text": n["text"] ?? .null, "created_at": n["created_at"] ?? .null,
         "updated_at": n["updated_at"] ?? .null, "created_by": try c.userSummary(n["created_by_id"])]
    }
}
