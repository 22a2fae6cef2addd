import Testing
import UnderstudyCore

/// `multipart/form-data` as curl -F and Python requests write it.
@Suite struct MultipartTests {
    static func body(_ boundary: String, _ parts: [(headers: String, data: [UInt8])], preamble: String = "", epilogue: String = "") -> [UInt8] {
        var out = Array(preamble.utf8)
        for p in parts { out += Array("--\(boundary)\r\n\(p.headers)\r\n\r\n".utf8) + p.data + Array("\r\n".utf8) }
        return out + Array("--\(boundary)--\r\n\(epilogue)".utf8)
    }

    @Test func curlStyleFieldsAndAFile() throws {
        let b = "------------------------d74496d66958873e"
        let file: [UInt8] = [0, 13, 10, 45, 45, 255, 13, 10]  // NUL, CRLF and "--" inside the data
        let body = Self.body(b, [
            (#"Content-Disposition: form-data; name="key""#, Array("uploads/${filename}".utf8)),
            ("Content-Disposition: form-data; name=\"file\"; filename=\"a b.pdf\"\r\nContent-Type: application/pdf", file),
        ])
        let parts = try Multipart.parse(body, boundary: b)
        #expect(parts.map(\.name) == ["key", "file"])
        #expect(parts[0].data == Array("uploads/${filename}".utf8))
        #expect(parts[1].filename == "a b.pdf")
        #expect(parts[1].contentType == "application/pdf")
        #expect(parts[1].data == file)
    }

    @Test func requestsStyleWithoutPartContentType() throws {
        let b = "6a1bc4e1d6f2a9b3c8d7e0f1a2b3c4d5"
        let body = Self.body(b, [(#"Content-Disposition: form-data; name="acl""#, Array("private".utf8)),
                                 (#"Content-Disposition: form-data; name="file"; filename="x.bin""#, [1, 2, 3])])
        let parts = try Multipart.parse(body, boundary: b)
        #expect(parts[1].contentType == nil)
        #expect(parts[1].data == [1, 2, 3])
    }

    @Test func preambleEpilogueAndEmptyValuesAreFine() throws {
        let b = "XyZ"
        let body = Self.body(b, [(#"Content-Disposition: form-data; name="empty""#, [])], preamble: "ignore me\r\n", epilogue: "trailing")
        let parts = try Multipart.parse(body, boundary: b)
        #expect(parts.count == 1)
        #expect(parts[0].data.isEmpty)
    }

    @Test func quotedNamesKeepSemicolonsAndEscapedQuotes() throws {
        let b = "q"
        let body = Self.body(b, [(#"Content-Disposition: form-data; name="file"; filename="we\"ird; name.txt""#, [65])])
        #expect(try Multipart.parse(body, boundary: b)[0].filename == #"we"ird; name.txt"#)
    }

    @Test func theBoundaryParameterIsRead() {
        #expect(Multipart.boundary(ofContentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(Multipart.boundary(ofContentType: #"Multipart/Form-Data; charset=utf-8; boundary="a b""#) == "a b")
        #expect(Multipart.boundary(ofContentType: "application/json") == nil)
        #expect(Multipart.boundary(ofContentType: "multipart/form-data") == nil)
        #expect(Multipart.boundary(ofContentType: "multipart/form-data; boundary=" + String(repeating: "x", count: 71)) == nil)
    }

    @Test(arguments: [
        "no boundary at all",
        "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue without the closing delimiter",
        "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",
        "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--b--",
        "--bxx\r\n",
    ])
    func malformedBodiesAreRefused(_ text: String) {
        #expect(throws: Multipart.Failure.self) { try Multipart.parse(Array(text.utf8), boundary: "b") }
    }

    @Test func tooManyPartsAreRefused() {
        let parts = (0...Multipart.maxParts).map { (headers: "Content-Disposition: form-data; name=\"f\($0)\"", data: [UInt8]()) }
        #expect(throws: Multipart.Failure.self) { try Multipart.parse(Self.body("b", parts), boundary: "b") }
    }
}
