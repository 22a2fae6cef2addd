import HTTP1
import Storage
import UnderstudyCore

/// Note attachments (seed 002): create hands out a signed **upload** URL (1 minute, content type bound); list and get
/// answer uploaded attachments with signed **download** URLs (8 hours). The URLs point at `StorageRoutes`.
enum AttachmentRoutes {
    static let kind = "attachment"
    /// Lifetimes from the seed.
    static let uploadLifetimeSeconds = 60
    static let downloadLifetimeSeconds = 8 * 3600
    static let filenameLimit = 255

    static func create(_ c: Context, _ req: APIRequest) throws -> Response {
        let body = try NoteRoutes.jsonBody(req)
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
        guard try c.store.exists(NoteRoutes.kind, key: noteID) else { throw Problem(404, "Note \(noteID) does not exist") }
        let key = noteID + "/" + filename
        if try c.store.get(kind, key: key) == nil {
            let doc: JSON = ["note_id": .string(noteID), "filename": .string(filename), "uploaded": false, "created_at": .string(c.nowText)]
            try c.store.insert(kind, seq: try c.store.nextSequence(kind), key: key, doc: doc)
        }
        let url = StorageRoutes.url(c, req, noteID: noteID, filename: filename, method: "PUT", lifetime: uploadLifetimeSeconds,
                                    contentType: MediaType.forFilename(filename))
        return JSONResponse.make(200, ["filename": .string(filename), "note_id": .string(noteID), "signed_url": .string(url)])
    }

    static func list(_ c: Context, _ req: APIRequest) throws -> Response {
        let window = try Check.window(req.query)
        let noteID = try Check.parent(c, req.query, field: "note_id", kind: NoteRoutes.kind, label: "Note")
        var q = RecordQuery(kind: kind)
        q.conditions = [.pathEquals("$.note_id", .text(noteID)), .pathEquals("$.uploaded", .integer(1))]
        let body = try Check.page(c, q, window: window, echo: [("note_id", .string(noteID))]) { render(c, req, $0) }
        return JSONResponse.make(200, body)
    }

    static func show(_ c: Context, _ req: APIRequest) throws -> Response {
        let noteID = try Check.uuid(req.parameters["note"], field: "note-id")
        let filename = req.parameters["filename"] ?? ""
        guard let a = try c.store.get(kind, key: noteID + "/" + filename), a.doc["uploaded"]?.bool == true else {
            throw Problem(404, "Attachment \(filename) of note \(noteID) does not exist")
        }
        return JSONResponse.make(200, render(c, req, a))
    }

    /// Deletes a note's attachments and their bytes.
    static func removeAll(_ c: Context, noteID: String) throws {
        try c.store.deleteAll(kind, where: [.pathEquals("$.note_id", .text(noteID))])
        try c.store.deleteBlobs(prefix: StorageRoutes.blobPrefix(noteID))
    }

    private static func render(_ c: Context, _ req: APIRequest, _ a: StoredRecord) -> JSON {
        let noteID = a.doc["note_id"]?.string ?? "", filename = a.doc["filename"]?.string ?? ""
        let url = StorageRoutes.url(c, req, noteID: noteID, filename: filename, method: "GET", lifetime: downloadLifetimeSeconds, contentType: nil)
        return ["filename": .string(filename), "note_id": .string(noteID), "signed_url": .string(url)]
    }

    private static func validFilename(_ s: String) -> Bool {
        !s.isEmpty && s.count <= filenameLimit && s != "." && s != ".." && !s.contains("/") && !s.contains("\\")
            && !s.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}

/// The file store the signed URLs point at (`/jifeline/storage/<client-id>/<note-id>/<filename>`): `PUT` uploads,
/// `GET` downloads; S3-style XML errors for expired or tampered URLs.
enum StorageRoutes {
    static let prefix = "/storage"

    static func blobPrefix(_ noteID: String) -> String { "note/\(noteID)/" }

    /// A signed URL on the host the client used.
    static func url(_ c: Context, _ req: APIRequest, noteID: String, filename: String, method: String, lifetime: Int, contentType: String?) -> String {
        let path = "/\(req.api)\(prefix)/\(QueryString.encode(c.clientID))/\(noteID)/\(QueryString.encode(filename))"
        let query = c.signer.query(method: method, path: canonical(c.clientID, noteID, filename), now: c.now, lifetime: lifetime, contentType: contentType)
        let host = req.headers["Host"] ?? "127.0.0.1"
        return "http://\(host)\(path)?\(query)"
    }

    /// What the signature covers: the decoded path segments.
    static func canonical(_ client: String, _ note: String, _ filename: String) -> String { "\(prefix)/\(client)/\(note)/\(filename)" }

    static func upload(_ c: Context, _ req: APIRequest) throws -> Response {
        let (note, filename) = (req.parameters["note"] ?? "", req.parameters["filename"] ?? "")
        let contentType = req.headers["Content-Type"]
        if case .failure(let f) = c.signer.verify(method: "PUT", path: canonical(c.clientID, note, filename), query: req.query,
                                                  contentType: contentType, now: c.now) {
            return S3Error.response(for: f, resource: req.path, requestID: req.id)
        }
        guard var a = try c.store.get(AttachmentRoutes.kind, key: note + "/" + filename) else {
            return S3Error.response(404, code: "NoSuchUpload", message: "The attachment no longer exists", resource: req.path, requestID: req.id)
        }
        try c.store.db.transaction {
            try c.store.putBlob(blobPrefix(note) + filename, contentType: contentType ?? MediaType.fallback, bytes: req.body)
            a.doc.set("uploaded", true)
            a.doc.set("size", .int(req.body.count))
            try c.store.update(AttachmentRoutes.kind, key: a.key, doc: a.doc)
        }
        var h = HTTPHeaders()
        h.set("ETag", "\"\(SHA256.hex(SHA256.hash(req.body)).prefix(32))\"")
        return Response(status: 200, headers: h)
    }

    static func download(_ c: Context, _ req: APIRequest) throws -> Response {
        let (note, filename) = (req.parameters["note"] ?? "", req.parameters["filename"] ?? "")
        if case .failure(let f) = c.signer.verify(method: "GET", path: canonical(c.clientID, note, filename), query: req.query,
                                                  contentType: nil, now: c.now) {
            return S3Error.response(for: f, resource: req.path, requestID: req.id)
        }
        guard let blob = try c.store.blob(blobPrefix(note) + filename) else {
            return S3Error.response(404, code: "NoSuchKey", message: "The specified key does not exist.", resource: req.path, requestID: req.id)
        }
        var h = HTTPHeaders()
        h.set("Content-Type", blob.contentType)
        h.set("ETag", "\"\(SHA256.hex(SHA256.hash(blob.bytes)).prefix(32))\"")
        return Response(status: 200, headers: h, body: blob.bytes)
    }
}
