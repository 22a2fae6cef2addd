import Foundation
import Testing
import TestSupport
import UnderstudyCore

/// Values a client chose never reach an answer's header or XML raw: a control character is refused before anything
/// is stored, and what is stored is what the answer says.
@Suite struct ControlCharacterTests {
    /// new → a `curl -F`-style upload of `filename` to the bucket.
    static func upload(_ app: TestApp, filename: String) throws -> WireResponse {
        let new = try app.get("/bossdesk/api/v1/cis/5/attachments/new", headers: Demo.bossdesk)
        let fields = try #require(dig(new.json, "post_fields") as? [String: String])
        let postURL = try #require(dig(new.json, "post_url") as? String)
        let url = try #require(URL(string: postURL))
        let boundary = "------------------------d74496d66958873e"
        var body: [UInt8] = []
        for (k, v) in fields { body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8) }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--\(boundary)--\r\n".utf8)
        let c = try RawClient(port: app.port)
        c.send(Array("POST \(url.path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
        return try c.readResponse()
    }

    static func uploads(_ app: TestApp) throws -> Int {
        try app.tenant("demo").withDatabase { db in try db.scalar("SELECT count(*) FROM bossdesk_records WHERE kind = 'upload'").int ?? -1 }
    }

    @Test(arguments: ["a\u{0}b.txt", "a\u{1}b.txt", "a\u{7F}b.txt", "line\u{1B}[31m.txt"])
    func anUploadWhoseFileNameHasAControlCharacterIsRefusedAndNothingIsStored(_ name: String) throws {
        let app = try TestApp()
        let before = try Self.uploads(app)
        let r = try Self.upload(app, filename: name)
        #expect(r.status == 400, "\(r.text)")
        #expect(r.header("Content-Type") == "application/xml")
        #expect(r.text.contains("<Code>MalformedPOSTRequest</Code>"))
        #expect(try Self.uploads(app) == before)
    }

    @Test func theLocationOfAnUploadCarriesTheKeyPercentEncodedAndTheXMLTheKeyAsStored() throws {
        let app = try TestApp()
        let r = try Self.upload(app, filename: "r\u{E9}sum\u{E9} & notes.txt")
        #expect(r.status == 201, "\(r.text)")
        let location = try #require(r.header("Location"))
        #expect(location.contains("%C3%A9sum%C3%A9%20%26%20notes.txt"))
        #expect(!location.contains(" "))
        #expect(r.text.contains("r\u{E9}sum\u{E9} &amp; notes.txt</Key>"))
    }

    @Test func aContentDispositionNamesAnyFileSafely() {
        #expect(HeaderValue.attachment(filename: "report.pdf") == #"attachment; filename="report.pdf""#)
        #expect(HeaderValue.attachment(filename: #"a"b\c.txt"#) == #"attachment; filename="a\"b\\c.txt""#)
        let hostile = HeaderValue.attachment(filename: "x\r\nSet-Cookie: a=b\u{0}.txt")
        #expect(!HeaderValue.hasControlCharacter(hostile))
        #expect(hostile.hasSuffix("filename*=UTF-8''x%0D%0ASet-Cookie%3A%20a%3Db%00.txt"))
        #expect(HeaderValue.attachment(filename: "r\u{E9}sum\u{E9}.pdf") == "attachment; filename=\"r__sum__.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf")
    }

    @Test func aHostHeaderThatIsNoHostIsNotCopiedIntoAURL() {
        #expect(HeaderValue.host("example.com:8080") == "example.com:8080")
        #expect(HeaderValue.host("evil\"><x") == "localhost")
        #expect(HeaderValue.host(nil) == "localhost")
    }
}
