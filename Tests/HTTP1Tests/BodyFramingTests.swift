import HTTP1
import Testing
import TestSupport

/// Body framing, chunked coding and 100-continue (RFC 9112 §6–7, RFC 9110 §10.1.1).
@Suite struct BodyFramingTests {
    private func post(_ extra: String, body: String = "") -> String {
        "POST /p HTTP/1.1\r\nHost: x\r\n\(extra)\r\n\(body)"
    }

    @Test func contentLengthBodyIsRead() throws {
        let (r, _) = try exchange(post("Content-Length: 5\r\n", body: "hello"))
        #expect(r.text == "POST /p\nhello")
        #expect(r.header("X-Body-Length") == "5")
    }

    @Test func transferEncodingWithContentLengthIsRejected() throws {
        try expectRejected(post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", body: "0\r\n\r\n"), status: 400)
    }

    @Test func chunkedThatIsNotLastIsRejected() throws {
        try expectRejected(post("Transfer-Encoding: chunked, gzip\r\n"), status: 400)
    }

    @Test func chunkedTwiceIsRejected() throws {
        try expectRejected(post("Transfer-Encoding: chunked, chunked\r\n"), status: 400)
    }

    @Test func unsupportedCodingBeforeChunkedGets501() throws {
        try expectRejected(post("Transfer-Encoding: gzip, chunked\r\n"), status: 501)
    }

    @Test func transferEncodingInHTTP10IsRejected() throws {
        try expectRejected("POST /p HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400)
    }

    @Test(arguments: ["pie", "-1", "+5", "1 2", "0x10", "99999999999999999999", ""])
    func malformedContentLengthIsRejected(_ value: String) throws {
        try expectRejected(post("Content-Length: \(value)\r\n", body: "hello"), status: 400)
    }

    @Test func contentLengthListIsRejected() throws {
        try expectRejected(post("Content-Length: 4, 5\r\n", body: "hello"), status: 400)
    }

    @Test func equalContentLengthListIsRejected() throws {
        try expectRejected(post("Content-Length: 4, 4\r\n", body: "hell"), status: 400)
    }

    @Test func twoContentLengthLinesAreRejected() throws {
        try expectRejected(post("Content-Length: 4\r\nContent-Length: 4\r\n", body: "hell"), status: 400)
    }

    @Test func requestWithoutFramingHasAnEmptyBodyAndTheNextBytesAreTheNextRequest() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send("POST /first HTTP/1.1\r\nHost: x\r\n\r\n" + get("/second"))
        let first = try c.readResponse()
        let second = try c.readResponse()
        #expect(first.header("X-Body-Length") == "0")
        #expect(first.text == "POST /first\n")
        #expect(second.text == "GET /second\n")
    }

    @Test func contentLengthOverTheLimitGets413WithoutReadingTheBody() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 100
        try expectRejected(post("Content-Length: 1000\r\n"), status: 413, limits: limits)
    }

    @Test func chunkedBodyIsReassembled() throws {
        let (r, _) = try exchange(post("Transfer-Encoding: chunked\r\n", body: "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"))
        #expect(r.text == "POST /p\nhello world")
    }

    @Test func chunkedCodingNameIsCaseInsensitive() throws {
        let (r, _) = try exchange(post("Transfer-Encoding: Chunked\r\n", body: "3\r\nabc\r\n0\r\n\r\n"))
        #expect(r.text == "POST /p\nabc")
    }

    @Test func uppercaseHexChunkSizeIsAccepted() throws {
        let (r, _) = try exchange(post("Transfer-Encoding: chunked\r\n", body: "A\r\n0123456789\r\n0\r\n\r\n"))
        #expect(r.header("X-Body-Length") == "10")
    }

    @Test func signedChunkSizeIsRejected() throws {
        try expectRejected(post("Transfer-Encoding: chunked\r\n", body: "+5\r\nhello\r\n0\r\n\r\n"), status: 400)
    }

    @Test func spaceInsideChunkSizeIsRejected() throws {
        try expectRejected(post("Transfer-Encoding: chunked\r\n", body: "5 5\r\nhello\r\n0\r\n\r\n"), status: 400)
    }

    @Test func chunkSizeWithTooManyDigitsIsRejected() throws {
        try expectRejected(post("Transfer-Encoding: chunked\r\n", body: String(repeating: "0", count: 16) + "5\r\nhello\r\n0\r\n\r\n"), status: 400)
    }

    @Test func hugeChunkSizeGets413() throws {
        try expectRejected(post("Transfer-Encoding: chunked\r\n", body: "FFFFFFFFFFFFFFFF\r\nhello"), status: 413)
    }

    @Test func overlongChunkExtensionIsRejected() throws {
        try expectRejected(post("Transfer-Encoding: chunked\r\n", body: "5;" + String(repeating: "e", count: 2000) + "\r\nhello\r\n0\r\n\r\n"), status: 400)
    }

    @Test func chunkDataNotFollowedByCRLFIsRejected() throws {
        try expectRejected(post("Transfer-Encoding: chunked\r\n", body: "5\r\nhelloXX0\r\n\r\n"), status: 400)
    }

    @Test func chunkedTotalOverTheLimitGets413() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 8
        try expectRejected(post("Transfer-Encoding: chunked\r\n", body: "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"), status: 413, limits: limits)
    }

    @Test func trailersAreParsedAndDropped() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(post("Transfer-Encoding: chunked\r\n", body: "3\r\nabc\r\n0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n") + get("/after"))
        let first = try c.readResponse()
        let second = try c.readResponse()
        #expect(first.text == "POST /p\nabc")
        #expect(second.text == "GET /after\n")
    }

    @Test func overlongTrailerGets431() throws {
        try expectRejected(post("Transfer-Encoding: chunked\r\n", body: "0\r\nX-Trailer: " + String(repeating: "t", count: 9000) + "\r\n\r\n"), status: 431)
    }

    @Test func eofInTheMiddleOfTheHeadSendsNothing() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send("GET / HTTP/1.1\r\nHo")
        c.shutdownWrite()
        #expect(c.waitForClose(seconds: 2))
        #expect(c.unread.isEmpty)
    }

    @Test func eofInTheMiddleOfTheBodySendsNothing() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(post("Content-Length: 10\r\n", body: "abc"))
        c.shutdownWrite()
        #expect(c.waitForClose(seconds: 2))
        #expect(c.unread.isEmpty)
    }

    @Test func completeRequestBeforeEOFIsStillAnswered() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/half-closed"))
        c.shutdownWrite()
        let r = try c.readResponse()
        #expect(r.text == "GET /half-closed\n")
        #expect(c.waitForClose(seconds: 2))
    }

    @Test func expect100ContinueGetsAnInterimAnswerBeforeTheBody() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(post("Content-Length: 5\r\nExpect: 100-continue\r\n"))
        let interim = try c.readResponse()
        #expect(interim.statusLine == "HTTP/1.1 100 Continue")
        #expect(interim.headers.isEmpty)
        c.send("hello")
        let final = try c.readResponse()
        #expect(final.status == 200)
        #expect(final.text == "POST /p\nhello")
    }

    @Test func expect100ContinueWithChunkedBodyGetsAnInterimAnswer() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(post("Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n"))
        #expect(try c.readResponse().status == 100)
        c.send("2\r\nok\r\n0\r\n\r\n")
        #expect(try c.readResponse().text == "POST /p\nok")
    }

    @Test func expect100ContinueWithAnOversizedBodyGets413Only() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 10
        let (r, closed) = try exchange(post("Content-Length: 100\r\nExpect: 100-continue\r\n"), limits: limits)
        #expect(r.status == 413)
        #expect(closed)
    }

    @Test func unknownExpectationGets417() throws {
        try expectRejected(post("Content-Length: 0\r\nExpect: teapot\r\n"), status: 417)
    }

    @Test func unreadBodyDoesNotDisturbTheNextRequest() throws {
        let server = try TestHTTPServer { req in Response(status: 200, body: Array("ignored \(req.path)".utf8)) }
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(post("Content-Length: 11\r\n", body: "hello world") + get("/next"))
        #expect(try c.readResponse().text == "ignored /p")
        #expect(try c.readResponse().text == "ignored /next")
    }
}

/// A body over the limit is refused after the head: the handler sees the head (never the body) and words the answer,
/// while the status and the close stay the server's.
@Suite struct RefusedBodyTests {
    @Test func theHandlerWordsARefusalButTheServerKeeps413AndCloses() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 100
        let server = try TestHTTPServer(limits: limits) { req in
            Response(status: 200, headers: ["Content-Type": "text/plain"],
                     body: Array("refused \(req.method) \(req.path) \(req.refusedStatus ?? 0) \(req.body.count)".utf8))
        }
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.statusLine == "HTTP/1.1 413 Content Too Large")
        #expect(r.text == "refused POST /upload 413 0")
        #expect(r.header("Connection") == "close")
        #expect(c.waitForClose(seconds: 1))
    }

    @Test func aChunkedBodyGrowingPastTheLimitIsWordedByTheHandlerToo() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 8
        let server = try TestHTTPServer(limits: limits) { req in Response(status: 200, body: Array("no \(req.path)".utf8)) }
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.statusLine == "HTTP/1.1 413 Content Too Large")
        #expect(r.text == "no /c")
    }
}
