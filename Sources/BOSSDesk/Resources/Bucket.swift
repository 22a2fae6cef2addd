import HTTP1
import Storage
import UnderstudyCore

/// The simulator's own bucket: the multipart upload POST and the `secure_url` downloads. Authenticated by the
/// signed policy or URL, not by an API key.
enum Bucket {
    static func handle(_ request: APIRequest, credentials: JSON, tenant: Tenant) -> Response {
        guard let storage = Attachments.Storage(credentials) else { return S3Error.response(403, code: "AccessDenied", message: "Access Denied", resource: request.path, requestID: request.id) }
        let parts = request.path.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[1] == storage.bucket else {
            return S3Error.response(404, code: "NoSuchBucket", message: "The specified bucket does not exist", resource: request.path, requestID: request.id)
        }
        do {
            return try tenant.withDatabase { db in
                let store = RecordStore(db, table: BOSSDeskAPI.table)
                switch (request.method, parts.count) {
                case ("POST", 2): return try upload(request, storage, store)
                case ("GET", 3), ("HEAD", 3): return try download(request, storage, store, object: String(parts[2]))
                default:
                    return S3Error.response(405, code: "MethodNotAllowed", message: "The specified method is not allowed against this resource.",
                                            resource: request.path, requestID: request.id)
                }
            }
        } catch {
            request.note(error)
            return S3Error.response(500, code: "InternalError", message: "We encountered an internal error. Please try again.",
                                    resource: request.path, requestID: request.id)
        }
    }

    static func upload(_ request: APIRequest, _ storage: Attachments.Storage, _ store: RecordStore) throws -> Response {
        func refuse(_ status: Int, _ code: String, _ message: String) -> Response {
            S3Error.response(status, code: code, message: message, resource: request.path, requestID: request.id)
        }
        guard let boundary = request.headers["Content-Type"].flatMap(Multipart.boundary(ofContentType:)) else {
            return refuse(412, "PreconditionFailed", "Bucket POST must be of the enclosure-type multipart/form-data")
        }
        let parts: [Multipart.Part]
        do { parts = try Multipart.parse(request.body, boundary: boundary) } catch {
            return refuse(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data (\(error)).")
        }
        switch storage.policy.verify(parts, bucket: storage.bucket, now: request.now) {
        case .failure(let f):
            return refuse(f.status, f.code, f.message)
        case .success(let (key, file)):
            let type = file.contentType ?? MediaType.forFilename(file.filename ?? "")
            try store.db.transaction {
                try store.putBlob(Attachments.blobKey(key), contentType: type, bytes: file.data)
                if try store.exists(Attachments.uploadKind, key: key) { _ = try store.delete(Attachments.uploadKind, key: key) }
                try store.insert(Attachments.uploadKind, seq: try store.nextSequence(Attachments.uploadKind), key: key, doc: [
                    "key": .string(key), "filename": .string(file.filename ?? ""), "size": .int(file.data.count),
                    "uploaded_at": .string(RecordTime.format(request.now)),
                ])
            }
            // S3 writes the key percent-encoded into the Location (a URL), and as it is into <Key>.
            let location = "http://\(HeaderValue.host(request.headers["Host"]))/\(request.api)/s3/\(storage.bucket)/\(QueryString.encode(key))"
            let etag = String(SHA256.hex(SHA256.hash(file.data)).prefix(32))
            let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <PostResponse><Location>\(S3Error.escape(location))</Location><Bucket>\(S3Error.escape(storage.bucket))</Bucket>\
            <Key>\(S3Error.escape(key))</Key><ETag>"\(etag)"</ETag></PostResponse>
            """
            var h = HTTPHeaders()
            h.set("ETag", "\"\(etag)\"")
            h.set("Location", location)
            return Response(status: 201, contentType: "application/xml", body: xml, headers: h)
        }
    }

    static func download(_ request: APIRequest, _ storage: Attachments.Storage, _ store: RecordStore, object: String) throws -> Response {
        if case .failure(let f) = storage.urls.verify(method: "GET", path: request.path, query: request.query, contentType: nil, now: request.now) {
            return S3Error.response(for: f, resource: request.path, requestID: request.id)
        }
        guard let blob = try store.blob(Attachments.blobKey(QueryString.decode(object, plusIsSpace: false))) else {
            return S3Error.response(404, code: "NoSuchKey", message: "The specified key does not exist.", resource: request.path, requestID: request.id)
        }
        var h = HTTPHeaders()
        h.set("Content-Type", blob.contentType)
        return Response(status: 200, headers: h, body: blob.bytes)
    }
}
