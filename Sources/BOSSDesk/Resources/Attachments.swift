import HTTP1
import Storage
import UnderstudyCore

/// Attachments, the whole S3-style flow (bossdesk.md, "Attachments"): `new` hands out a signed POST policy, the client
/// uploads the file to the simulator's own bucket endpoint (`/bossdesk/s3/<bucket>`), then creates the attachment from
/// the `tmp_key`; `secure_url` serves the bytes for 10 minutes of simulated time.
enum Attachments {
    static let policyLifetime = 3600
    static let secureURLLifetime = 600
    static let maxUploadBytes = 10 * 1024 * 1024
    static let uploadKind = "upload"
    static let tmpPrefix = "uploads/tmp/attachments/"

    /// The tenant's bucket, its signing secret, and the signers built on it.
    struct Storage {
        let bucket: String
        let secret: String
        var policy: PostPolicy { PostPolicy(secret: secret, credentialID: "UNDERSTUDY" + bucket.uppercased().filter(\.isLetter).prefix(12)) }
        var urls: URLSigner { URLSigner(key: secret) }

        init?(_ credentials: JSON) {
            guard let b = credentials["storage"]?["bucket"]?.string, let s = credentials["storage"]?["secret"]?.string else { return nil }
            bucket = b
            secret = s
        }
    }

    static func storage(_ c: Context) throws -> Storage {
        guard let s = c.request.tenant?.credentials["bossdesk"].flatMap({ Storage($0.json) }) else { throw BOSSDeskError.unauthorized }
        return s
    }

    static func baseURL(_ c: Context) -> String { "http://\(c.request.headers["Host"] ?? "localhost")/\(c.request.api)" }

    // MARK: The flow

    /// `GET /cis/:id/attachments/new`: where and how to upload.
    static func new(_ c: Context) throws -> Response {
        let ci = try c.existing(Kind.ci, c.parameter("id"))
        let s = try storage(c)
        let prefix = "\(tmpPrefix)\(ci.key)/\(c.request.ids.hex(9))/\(c.request.ids.uuid())/"
        let fields = s.policy.fields(bucket: s.bucket, keyPrefix: prefix, now: c.request.now, lifetime: policyLifetime, maxBytes: maxUploadBytes)
        return JSONResponse.make(200, ["post_url": .string("\(baseURL(c))/s3/\(s.bucket)"),
                                       "post_fields": .object(fields.map { ($0.0, .string($0.1)) })])
    }

    /// `POST /cis/:id/attachments` with `tmp_key`: the uploaded file becomes the CI's attachment.
    static func create(_ c: Context) throws -> Response {
        var f = BodyFields(try c.body(root: "attachment"))
        let tmpKey = f.string("tmp_key") ?? ""
        let description = f.string("description")
        let attachment = try c.store.db.transaction { () -> JSON in
            var ci = try c.existing(Kind.ci, c.parameter("id"))
            guard tmpKey.hasPrefix("\(tmpPrefix)\(ci.key)/"), let upload = try c.store.get(uploadKind, key: tmpKey)?.doc,
                  let blob = try c.store.blob(blobKey(tmpKey)) else {
                var e = FieldErrors()
                e.add("key", RailsMessage.invalid)
                throw e
            }
            let id = try c.store.nextSequence("attachment")
            let name = upload["filename"]?.string ?? "file"
            let object = "attachments/\(id)/\(safeName(name))"
            try c.store.putBlob(blobKey(object), contentType: blob.contentType, bytes: blob.bytes)
            try c.store.deleteBlobs(prefix: blobKey(tmpKey))
            _ = try c.store.delete(uploadKind, key: tmpKey)
            let attachment: JSON = [
                "id": .int(id), "name": .string(name), "description": description.map(JSON.string) ?? .null, "size": .int(blob.bytes.count),
                "object": .string(object), "created_at": .string(c.nowText), "updated_at": .string(c.nowText),
                "created_by_id": c.user["id"] ?? .null,
            ]
            ci.doc.set("attachments", .array((ci.doc["attachments"]?.array ?? []) + [attachment]))
            _ = try c.store.update(Kind.ci, key: ci.key, doc: ci.doc)
            return attachment
        }
        return JSONResponse.make(201, try render(attachment, c))
    }

    static func showOnCI(_ c: Context) throws -> Response {
        JSONResponse.make(200, try render(try find(in: try c.existing(Kind.ci, c.parameter("id")).doc["attachments"], c), c))
    }

    static func updateOnCI(_ c: Context) throws -> Response {
        var f = BodyFields(try c.body(root: "attachment"))
        let description = f.string("description")
        let attachment = try editOnCI(c) { current in
            var a = current
            if let description { a.set("description", .string(description)) }
            a.set("updated_at", .string(c.nowText))
            return a
        }
        return JSONResponse.make(200, try render(attachment, c))
    }

    static func deleteOnCI(_ c: Context) throws -> Response {
        let attachment = try editOnCI(c) { _ in nil }
        try c.store.deleteBlobs(prefix: blobKey(attachment["object"]?.string ?? "-"))
        return JSONResponse.make(200, try render(attachment, c))
    }

    /// Changes (or, when `change` answers nil, removes) the CI attachment in the path; answers it as it was last.
    static func editOnCI(_ c: Context, _ change: (JSON) throws -> JSON?) throws -> JSON {
        try c.store.db.transaction {
            var ci = try c.existing(Kind.ci, c.parameter("id"))
            var list = ci.doc["attachments"]?.array ?? []
            let current = try find(in: .array(list), c)
            let i = list.firstIndex { $0["id"] == current["id"] } ?? 0
            let changed = try change(current)
            if let changed { list[i] = changed } else { list.remove(at: i) }
            ci.doc.set("attachments", .array(list))
            _ = try c.store.update(Kind.ci, key: ci.key, doc: ci.doc)
            return changed ?? current
        }
    }

    /// `GET …/attachments/:attachment` on a ticket, a ticket comment or an end user's own ticket.
    static func showOnTicket(_ c: Context) throws -> Response {
        let ticket = c.request.path.contains("/my/tickets/") ? try MyTickets.own(c) : try c.existing(Kind.ticket, c.parameter("id"))
        var list = ticket.doc["attachments"]
        if let comment = c.request.parameters["comment"] {
            guard let m = ticket.doc["comments"]?.array?.first(where: { $0["id"]?.int == Int(comment) }),
                  c.request.path.contains("/my/tickets/") == false || m["is_public"]?.bool != false else { throw BOSSDeskError.notFound }
            list = m["attachments"]
        }
        return JSONResponse.make(200, try render(try find(in: list, c), c))
    }

    static func find(in list: JSON?, _ c: Context) throws -> JSON {
        guard let id = Int(c.parameter("attachment")), let a = list?.array?.first(where: { $0["id"]?.int == id }) else {
            throw BOSSDeskError.notFound
        }
        return a
    }

    // MARK: Rendering

    /// An attachment as the seed shows it, with a `secure_url` valid 10 minutes from now.
    static func render(_ a: JSON, _ c: Context) throws -> JSON {
        let s = try storage(c)
        let path = "/s3/\(s.bucket)/\(a["object"]?.string ?? "")"
        let query = s.urls.query(method: "GET", path: path, now: c.request.now, lifetime: secureURLLifetime, contentType: nil)
        return ["id": a["id"] ?? .null, "name": a["name"] ?? .null, "description": a["description"] ?? .null, "size": a["size"] ?? .null,
                "secure_url": .string("\(baseURL(c))\(path)?\(query)"), "created_at": a["created_at"] ?? .null,
                "updated_at": a["updated_at"] ?? .null, "created_by": try c.userSummary(a["created_by_id"]),
                "secure_url_expire_time_in_mins": .int(secureURLLifetime / 60)]
    }

    /// The short form tickets and comments list.
    static func summary(_ a: JSON) -> JSON {
        .members(summaryMembers, of: a)
    }

    /// The members of an attachment's summary (as tickets and comments list their files).
    static let summaryMembers: MemberNames = ["id", "description", "name", "created_at", "size"]

    static func blobKey(_ object: String) -> String { "s3:\(object)" }

    /// A file name fit for an object key: letters, digits, `.`, `-` and `_` (anything else becomes `_`).
    static func safeName(_ name: String) -> String {
        let cleaned = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) ? $0 : "_" })
        return cleaned.isEmpty || cleaned.allSatisfy({ $0 == "." }) ? "file" : cleaned
    }
}
