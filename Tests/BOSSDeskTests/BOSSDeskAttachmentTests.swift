import Foundation
import Testing
import TestSupport

/// The S3-style attachment flow end to end: new → multipart POST to the bucket → create from tmp_key → secure_url.
@Suite struct BOSSDeskAttachmentTests {
    /// A multipart body written the way `curl -F` writes one (Python requests differs only in boundary and in
    /// leaving out the file part's Content-Type, which `requestsStyle` does).
    static func multipart(_ fields: [String: Any], file: [UInt8], filename: String, requestsStyle: Bool = false) -> (String, [UInt8]) {
        let boundary = requestsStyle ? "9f2a6c1e0b7d4e8f9a0b1c2d3e4f5a6b" : "------------------------d74496d66958873e"
        var body: [UInt8] = []
        for key in ["key", "acl", "success_action_status", "policy", "x-amz-credential", "x-amz-algorithm", "x-amz-date", "x-amz-signature"] {
            guard let v = fields[key] as? String else { continue }
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(v)\r\n".utf8)
        }
        let type = requestsStyle ? "" : "\r\nContent-Type: application/octet-stream"
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\(type)\r\n\r\n".utf8)
        body += file + Array("\r\n--\(boundary)--\r\n".utf8)
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    /// Sends raw bytes as a POST and reads the answer.
    static func post(_ app: TestApp, _ url: String, contentType: String, body: [UInt8]) throws -> WireResponse {
        let path = try #require(URL(string: url)?.path)
        let c = try RawClient(port: app.port)
        c.send(Array("POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
        return try c.readResponse()
    }

    /// GETs a full URL (a secure_url) on the test server.
    static func fetch(_ app: TestApp, _ url: String) throws -> WireResponse {
        let u = try #require(URLComponents(string: url))
        return try app.get(u.percentEncodedPath + "?" + (u.percentEncodedQuery ?? ""))
    }

    static let bytes: [UInt8] = (0..<4096).map { UInt8($0 % 256) }

    /// new → upload: the upload's answer and the fields it used.
    static func upload(_ bd: BOSSDeskClient, ci: Int = 5, filename: String = "report.pdf", requestsStyle: Bool = false,
                       change: (inout [String: Any]) -> Void = { _ in }) throws -> (WireResponse, [String: Any]) {
        let new = try bd.get("/cis/\(ci)/attachments/new")
        var fields = try #require(dig(new.json, "post_fields") as? [String: Any])
        change(&fields)
        let postURL = try #require(dig(new.json, "post_url") as? String)
        let (type, body) = multipart(fields, file: bytes, filename: filename, requestsStyle: requestsStyle)
        return (try post(bd.app, postURL, contentType: type, body: body), fields)
    }

    static func key(_ r: WireResponse) -> String? {
        r.text.range(of: "<Key>").flatMap { a in r.text.range(of: "</Key>").map { String(r.text[a.upperBound..<$0.lowerBound]) } }
    }

    @Test func newHandsOutAPostURLAndSignedFields() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let r = try bd.get("/cis/5/attachments/new")
        #expect(r.status == 200)
        let fields = try #require(dig(r.json, "post_fields") as? [String: String])
        #expect(Set(fields.keys) == ["key", "acl", "success_action_status", "policy", "x-amz-credential", "x-amz-algorithm", "x-amz-date", "x-amz-signature"])
        #expect(fields["key"]?.hasPrefix("uploads/tmp/attachments/5/") == true)
        #expect(fields["key"]?.hasSuffix("/${filename}") == true)
        #expect(fields["success_action_status"] == "201")
        #expect((dig(r.json, "post_url") as? String)?.contains("/bossdesk/s3/") == true)
    }

    @Test(arguments: [false, true])
    func anUploadAnswers201WithThePostResponse(_ requestsStyle: Bool) throws {
        let app = try TestApp()
        let (r, _) = try Self.upload(try BOSSDeskClient(app), requestsStyle: requestsStyle)
        #expect(r.status == 201)
        #expect(r.header("Content-Type") == "application/xml")
        #expect(r.text.contains("<PostResponse><Location>"))
        #expect(Self.key(r)?.hasSuffix("/report.pdf") == true)
        #expect(r.text.contains("<ETag>&quot;") || r.text.contains("<ETag>\""))
    }

    @Test func theTmpKeyBecomesAnAttachmentWhoseSecureURLServesTheBytes() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let (up, _) = try Self.upload(bd)
        let created = try bd.post("/cis/5/attachments", #"{"attachment":{"tmp_key":"\#(Self.key(up) ?? "")","description":"Uploaded from mobile device"}}"#)
        #expect(created.status == 201)
        #expect(dig(created.json, "name") as? String == "report.pdf")
        #expect(dig(created.json, "size") as? Int == Self.bytes.count)
        #expect(dig(created.json, "secure_url_expire_time_in_mins") as? Int == 10)
        #expect(dig(created.json, "created_by", "username") as? String == "jackpot")
        let download = try Self.fetch(app, try #require(dig(created.json, "secure_url") as? String))
        #expect(download.status == 200)
        #expect(download.body == Self.bytes)
    }

    @Test func theSecureURLExpiresAfterTenMinutes() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let url = try #require(dig(try bd.get("/cis/1/attachments/1").json, "secure_url") as? String)
        #expect(try Self.fetch(app, url).status == 200)
        #expect(try app.post("/__admin/clock", #"{"advance_s":601}"#).status == 200)
        let late = try Self.fetch(app, url)
        #expect(late.status == 403)
        #expect(late.text.contains("<Code>AccessDenied</Code>"))
    }

    @Test func aTamperedSecureURLIs403() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let url = try #require(dig(try bd.get("/cis/1/attachments/1").json, "secure_url") as? String)
        let tampered = url.replacingOccurrences(of: "attachments/1/", with: "attachments/2/")
        let r = try Self.fetch(app, tampered)
        #expect(r.status == 403)
        #expect(r.text.contains("SignatureDoesNotMatch"))
    }

    @Test func anUnknownTmpKeyIs422OnKey() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).post("/cis/5/attachments", #"{"attachment":{"tmp_key":"uploads/tmp/attachments/5/nope/x.pdf"}}"#)
        #expect(r.status == 422)
        #expect(r.text == #"{"errors":{"key":["is invalid"]}}"#)
    }

    @Test func anotherCIsTmpKeyIs422() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let (up, _) = try Self.upload(bd, ci: 5)
        #expect(try bd.post("/cis/6/attachments", #"{"attachment":{"tmp_key":"\#(Self.key(up) ?? "")"}}"#).status == 422)
    }

    @Test func anExpiredPolicyIs403() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let new = try bd.get("/cis/5/attachments/new")
        let fields = try #require(dig(new.json, "post_fields") as? [String: Any])
        #expect(try app.post("/__admin/clock", #"{"advance_s":3601}"#).status == 200)
        let (type, body) = Self.multipart(fields, file: Self.bytes, filename: "late.pdf")
        let r = try Self.post(app, try #require(dig(new.json, "post_url") as? String), contentType: type, body: body)
        #expect(r.status == 403)
        #expect(r.text.contains("Policy expired"))
    }

    @Test func aTamperedPolicyIs403() throws {
        let app = try TestApp()
        let (r, _) = try Self.upload(try BOSSDeskClient(app)) { $0["x-amz-signature"] = String(repeating: "0", count: 64) }
        #expect(r.status == 403)
        #expect(r.text.contains("SignatureDoesNotMatch"))
    }

    @Test func aKeyOutsideThePolicyPrefixIs403() throws {
        let app = try TestApp()
        let (r, _) = try Self.upload(try BOSSDeskClient(app)) { $0["key"] = "uploads/elsewhere/${filename}" }
        #expect(r.status == 403)
        #expect(r.text.contains("AccessDenied"))
    }

    @Test func anUploadWithoutAFileIs400() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let new = try bd.get("/cis/5/attachments/new")
        let fields = try #require(dig(new.json, "post_fields") as? [String: String])
        let boundary = "b0undary"
        var body: [UInt8] = []
        for (k, v) in fields { body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8) }
        body += Array("--\(boundary)--\r\n".utf8)
        let r = try Self.post(app, try #require(dig(new.json, "post_url") as? String), contentType: "multipart/form-data; boundary=\(boundary)", body: body)
        #expect(r.status == 400)
        #expect(r.text.contains("InvalidArgument"))
    }

    @Test func aBodyThatIsNotMultipartIsRefused() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let postURL = try #require(dig(try bd.get("/cis/5/attachments/new").json, "post_url") as? String)
        #expect(try Self.post(app, postURL, contentType: "application/json", body: Array("{}".utf8)).status == 412)
        #expect(try Self.post(app, postURL, contentType: "multipart/form-data; boundary=zz", body: Array("garbage".utf8)).status == 400)
    }

    @Test func aDescriptionCanBeChangedAndTheAttachmentDeleted() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let changed = try bd.patch("/cis/1/attachments/1", #"{"attachment":{"description":"New description"}}"#)
        #expect(changed.status == 200)
        #expect(dig(changed.json, "description") as? String == "New description")
        let url = try #require(dig(changed.json, "secure_url") as? String)
        let deleted = try app.request("DELETE", BOSSDeskClient.base + "/cis/1/attachments/1", headers: bd.headers)
        #expect(deleted.status == 200)
        #expect(dig(deleted.json, "name") as? String == "warranty.txt")
        #expect(try bd.get("/cis/1/attachments/1").status == 404)
        #expect(try Self.fetch(app, url).status == 404)
    }

    @Test func ticketAndCommentAttachmentsAreReadable() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let onTicket = try #require(dig(try bd.ticket(1), "attachments", 0, "id") as? Int)
        #expect(dig(try bd.get("/tickets/1/attachments/\(onTicket)").json, "name") as? String == "screenshot.txt")
        let comment = try #require(dig(try bd.ticket(3), "comments", 0, "id") as? Int)
        let inComment = try #require(dig(try bd.ticket(3), "comments", 0, "attachments", 0, "id") as? Int)
        let r = try bd.get("/tickets/3/comments/\(comment)/attachments/\(inComment)")
        #expect(dig(r.json, "name") as? String == "vpn-log.txt")
        let download = try Self.fetch(app, try #require(dig(r.json, "secure_url") as? String))
        #expect(download.text == "12:00 connected\n12:10 dropped\n")
    }

    @Test func anEndUserReadsAttachmentsOfOwnTicketsOnly() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let id = try #require(dig(try bd.ticket(1), "attachments", 0, "id") as? Int)
        let me = bd.as("end_user")
        #expect(try me.get("/my/tickets/1/attachments/\(id)").status == 200)
        #expect(try me.get("/my/tickets/3/attachments/\(id)").status == 404)
    }

    @Test func anotherTenantsBucketDoesNotAcceptTheUpload() throws {
        let app = try TestApp()
        let a = try BOSSDeskClient(app), b = try BOSSDeskClient(app)
        let new = try a.get("/cis/5/attachments/new")
        let fields = try #require(dig(new.json, "post_fields") as? [String: Any])
        let bucketB = try #require(dig(b.tenant, "bossdesk", "storage", "bucket") as? String)
        let (type, body) = Self.multipart(fields, file: Self.bytes, filename: "x.pdf")
        let r = try Self.post(app, "http://localhost/bossdesk/s3/\(bucketB)", contentType: type, body: body)
        #expect(r.status == 403)
    }
}
