import HTTP1
import Testing
import TestSupport

/// The request line (RFC 9112 §3).
@Suite struct RequestLineTests {
    @Test func emptyLinesBeforeTheRequestLineAreSkipped() throws {
        let (r, _) = try exchange("\r\n\r\n" + get("/a"))
        #expect(r.status == 200)
        #expect(r.text == "GET /a\n")
    }

    @Test func tooManyEmptyLinesBeforeTheRequestLineAreRejected() throws {
        try expectRejected(String(repeating: "\r\n", count: 20) + get(), status: 400)
    }

    @Test func doubleSpaceInTheRequestLineIsRejected() throws {
        try expectRejected("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", status: 400)
    }

    @Test func tabAsSeparatorIsRejected() throws {
        try expectRejected("GET\t/ HTTP/1.1\r\nHost: x\r\n\r\n", status: 400)
    }

    @Test func http09RequestLineWithoutVersionIsRejected() throws {
        try expectRejected("GET /\r\n\r\n", status: 400)
    }

    @Test func overlongTargetGets414() throws {
        try expectRejected("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", status: 414)
    }

    @Test func overlongTargetStillArrivingGets414() throws {
        try expectRejected("GET /" + String(repeating: "a", count: 9000), status: 414)
    }

    @Test func overlongMethodGets400() throws {
        try expectRejected(String(repeating: "G", count: 9000) + " / HTTP/1.1\r\n", status: 400)
    }

    @Test func targetAtTheLimitIsAccepted() throws {
        let target = "/" + String(repeating: "a", count: 8000)
        let (r, _) = try exchange(get(target))
        #expect(r.status == 200)
    }

    @Test func methodThatIsNotATokenIsRejected() throws {
        try expectRejected("G(ET / HTTP/1.1\r\nHost: x\r\n\r\n", status: 400)
    }

    @Test func unknownMethodGets501() throws {
        try expectRejected("BREW / HTTP/1.1\r\nHost: x\r\n\r\n", status: 501)
    }

    @Test func lowercaseMethodIsUnknown() throws {
        try expectRejected("get / HTTP/1.1\r\nHost: x\r\n\r\n", status: 501)
    }

    @Test func http2VersionGets505() throws {
        try expectRejected("GET / HTTP/2.0\r\nHost: x\r\n\r\n", status: 505)
    }

    @Test func versionWithoutMinorIsRejected() throws {
        try expectRejected("GET / HTTP/1\r\nHost: x\r\n\r\n", status: 400)
    }

    @Test func lowercaseProtocolNameIsRejected() throws {
        try expectRejected("GET / http/1.1\r\nHost: x\r\n\r\n", status: 400)
    }

    @Test func absoluteFormTargetUsesItsPathAndQuery() throws {
        let (r, _) = try exchange("GET http://example.com/a/b?c=1 HTTP/1.1\r\nHost: example.com\r\n\r\n")
        #expect(r.text == "GET /a/b?c=1\n")
    }

    @Test func absoluteFormWithoutPathMeansRoot() throws {
        let (r, _) = try exchange("GET http://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n")
        #expect(r.text == "GET /\n")
    }

    @Test func asteriskFormIsAcceptedForOptions() throws {
        let (r, _) = try exchange("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(r.text == "OPTIONS *\n")
    }

    @Test func asteriskFormIsRejectedForGet() throws {
        try expectRejected("GET * HTTP/1.1\r\nHost: x\r\n\r\n", status: 400)
    }

    @Test func authorityFormIsRejected() throws {
        try expectRejected("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", status: 400)
    }

    @Test func controlCharacterInTargetIsRejected() throws {
        try expectRejected("GET /a\u{1}b HTTP/1.1\r\nHost: x\r\n\r\n", status: 400)
    }

    @Test func nonASCIIByteInTargetIsRejected() throws {
        try expectRejected(Array("GET /caf".utf8) + [0xC3, 0xA9] + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8), status: 400)
    }

    @Test func http10RequestIsAnsweredAsHTTP11() throws {
        let (r, _) = try exchange("GET / HTTP/1.0\r\n\r\n")
        #expect(r.statusLine == "HTTP/1.1 200 OK")
    }
}
