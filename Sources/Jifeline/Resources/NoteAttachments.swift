import HTTP1
import Storage
import UnderstudyCore

/// Note attachments (seed 002): create hands out a signed **upload** URL (1 minute, content type bound); list and get
/// answer uploaded attachments with signed **download** URLs (8 hours). The URLs point at `StoredFiles`.
enum NoteAttachments {
    static let kind = "attachment"
    /// Lifetimes from the seed.
    static let uploadLifetimeSeconds = 60
    static let downloadLifetimeSeconds = 8 * 3600
    static let filenameLimit = 255

    static func create(_ c: Context) throws -> Response {
        let body = try Notes.jsonBody(c.request)
        var v = Violations()
        var filename = ""
        switch body["filename"] {
        case .string(let s)?:
            filename = s
            if !validFilename(s) { v.add("filename", "must be a file name of 1 to \(filenameLimit) characters without slashes") }
        case nil, .null?: v.add("filename", "is required")
        default: v.add("filename", "must be a string")
        }
        var noteID = ""
        switch body["note_id"] {
        case .string(let s)? where Check.isUUID(s): noteID = s.lowercased()
        case nil, .null?: v.add("note_id", "is required")
        default: v.add("note_id", "must be a valid UUID")
        }
        try v.check()
        guard try c.store.exists(Notes.kind, key: noteID) else { throw JifelineError(404, "Note \(noteID) does not exist") }
        let key = noteID + "/" + filename
        if try c.store.get(kind, key: key) == nil {
            let doc: JSON = ["note_id": .string(noteID), "filename": .string(filename), "uploaded": false, "created_at": .string(c.nowText)]
            try c.store.insert(kind, seq: try c.store.nextSequence(kind), key: key, doc: doc)
        }
        let url = StoredFiles.url(c, noteID: noteID, filename: filename, method: "PUT", lifetime: uploadLifetimeSeconds,
                                    contentType: MediaType.forFilename(filename))
        return JSONResponse.make(200, ["filename": .string(filename), "note_id": .string(noteID), "signed_url": .string(url)])
    }

    static func list(_ c: Context) throws -> Response {
        let window = try Check.window(c.request.query)
        let noteID = try Check.parent(c, c.request.query, field: "note_id", kind: Notes.kind, label: "Note")
        var q = RecordQuery(kind: kind)
        q.conditions = [.pathEquals("$.note_id", .text(noteID)), .pathEquals("$.uploaded", .integer(1))]
        let body = try Check.page(c, q, window: window, echo: [("note_id", .string(noteID))]) { render(c, $0) }
        return JSONResponse.make(200, body)
    }

    static func show(_ c: Context) throws -> Response {
        let noteID = try Check.uuid(c.request.parameters["note"], field: "note-id")
        let filename = c.request.parameters["filename"] ?? ""
        guard let a = try c.store.get(kind, key: noteID + "/" + filename), a.doc["uploaded"]?.bool == true else {
            throw JifelineError(404, "Attachment \(filename) of note \(noteID) does not exist")
        }
        return JSONResponse.make(200, render(c, a))
    }

    /// Deletes a note's attachments and their bytes.
    static func removeAll(_ c: Context, noteID: String) throws {
        try c.store.deleteAll(kind, where: [.pathEquals("$.note_id", .text(noteID))])
        try c.store.deleteBlobs(prefix: StoredFiles.blobPrefix(noteID))
    }

    private static func render(_ c: Context, _ a: StoredRecord) -> JSON {
        let noteID = a.doc["note_id"]?.string ?? "", filename = a.doc["filename"]?.string ?? ""
        let url = StoredFiles.url(c, noteID: noteID, filename: filename, method: "GET", lifetime: downloadLifetimeSeconds, contentType: nil)
        return ["filename": .string(filename), "note_id": .string(noteID), "signed_url": .string(url)]
    }

    private static func validFilename(_ s: String) -> Bool {
        !s.isEmpty && s.count <= filenameLimit && s != "." && s != ".." && !s.contains("/") && !s.contains("\\")
            && !s.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}
