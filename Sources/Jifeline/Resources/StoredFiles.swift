import HTTP1
import Storage
import UnderstudyCore

/// The file store the signed URLs point at (`/jifeline/storage/<client-id>/<note-id>/<filename>`): `PUT` uploads,
/// `GET` downloads; S3-style XML errors for expired or tampered URLs.
enum StoredFiles {
    static let prefix = "/storage"

    static func blobPrefix(_ noteID: String) -> String { "note/\(noteID)/" }

    /// A signed URL on the host the client used.
    static func url(_ c: Context, noteID: String, filename: String, method: String, lifetime: Int, contentType: String?) -> String {
        let path = "/\(c.request.api)\(prefix)/\(QueryString.encode(c.clientID))/\(noteID)/\(QueryString.encode(filename))"
        let query = c.signer.query(method: method, path: canonical(c.clientID, noteID, filename), now: c.now, lifetime: lifetime, contentType: contentType)
        let host = c.request.headers["Host"] ?? "127.0.0.1"
        return "http://\(host)\(path)?\(query)"
    }

    /// What the signature covers: the decoded path segments.
    static func canonical(_ client: String, _ note: String, _ filename: String) -> String { "\(prefix)/\(client)/\(note)/\(filename)" }

    static func upload(_ c: Context) throws -> Response {
        let (note, filename) = (c.request.parameters["note"] ?? "", c.request.parameters["filename"] ?? "")
        let contentType = c.request.headers["Content-Type"]
        if case .failure(let f) = c.signer.verify(method: "PUT", path: canonical(c.clientID, note, filename), query: c.request.query,
                                                  contentType: contentType, now: c.now) {
            return S3Error.response(for: f, resource: c.request.path, requestID: c.request.id)
        }
        guard var a = try c.store.get(NoteAttachments.kind, key: note + "/" + filename) else {
            return S3Error.response(404, code: "NoSuchUpload", message: "The attachment no longer exists", resource: c.request.path, requestID: c.request.id)
        }
        try c.store.db.transaction {
            try c.store.putBlob(blobPrefix(note) + filename, contentType: contentType ?? MediaType.fallback, bytes: c.request.body)
            a.doc.set("uploaded", true)
            a.doc.set("size", .int(c.request.body.count))
            try c.store.update(NoteAttachments.kind, key: a.key, doc: a.doc)
        }
        var h = HTTPHeaders()
        h.set("ETag", "\"\(SHA256.hex(SHA256.hash(c.request.body)).prefix(32))\"")
        return Response(status: 200, headers: h)
    }

    static func download(_ c: Context) throws -> Response {
        let (note, filename) = (c.request.parameters["note"] ?? "", c.request.parameters["filename"] ?? "")
        if case .failure(let f) = c.signer.verify(method: "GET", path: canonical(c.clientID, note, filename), query: c.request.query,
                                                  contentType: nil, now: c.now) {
            return S3Error.response(for: f, resource: c.request.path, requestID: c.request.id)
        }
        guard let blob = try c.store.blob(blobPrefix(note) + filename) else {
            return S3Error.response(404, code: "NoSuchKey", message: "The specified key does not exist.", resource: c.request.path, requestID: c.request.id)
        }
        var h = HTTPHeaders()
        h.set("Content-Type", blob.contentType)
        h.set("ETag", "\"\(SHA256.hex(SHA256.hash(blob.bytes)).prefix(32))\"")
        return Response(status: 200, headers: h, body: blob.bytes)
    }
}
