import HTTP1
import Testing
import TestSupport

/// What every answer looks like (RFC 9112 §4, RFC 9110 §6.6.1 Date).
@Suite struct ResponseTests {
    @Test func statusLineDateAndContentLengthAreAlwaysSent() throws {
        let (r, _) = try exchange(get("/x"))
        #expect(r.statusLine == "HTTP/1.1 200 OK")
        #expect(r.header("Content-Length") == "7")
        let date = try #require(r.header("Date"))
        #expect(date.hasSuffix(" GMT"))
        #expect(date.count == 29)
    }

    @Test(arguments: [(201, 1), (404, 10), (503, 12_345)])
    func statusAndLengthDigitsAreWrittenExactly(_ status: Int, _ length: Int) throws {
        let body = [UInt8](repeating: 0x61, count: length)
        let server = try TestHTTPServer { _ in Response(status: status, body: body) }
        defer { server.stop() }
        let r = try roundTrip(port: server.port, get())
        #expect(r.statusLine.hasPrefix("HTTP/1.1 \(status) "))
        #expect(r.header("Content-Length") == String(length))
        #expect(r.body.count == length)
    }

    @Test func emptyBodyStillHasContentLengthZero() throws {
        let server = try TestHTTPServer { _ in Response(status: 200) }
        defer { server.stop() }
        let r = try roundTrip(port: server.port, get())
        #expect(r.header("Content-Length") == "0")
    }

    @Test func headAnswersGetHeadersWithoutABody() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\n" + get("/after"))
        let head = try c.readResponse(head: true)
        #expect(head.header("Content-Length") == "8")
        #expect(head.body.isEmpty)
        // The next answer starts right after the head: nothing of a body was sent.
        #expect(try c.readResponse().text == "GET /after\n")
    }

    @Test func noContentHasNoBodyAndNoFraming() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/status/204") + get("/after"))
        let r = try c.readResponse()
        #expect(r.statusLine == "HTTP/1.1 204 No Content")
        #expect(r.header("Content-Length") == nil)
        #expect(r.header("Transfer-Encoding") == nil)
        #expect(try c.readResponse().text == "GET /after\n")
    }

    @Test func notModifiedHasNoBodyAndNoFraming() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/status/304") + get("/after"))
        let r = try c.readResponse()
        #expect(r.status == 304)
        #expect(r.header("Content-Length") == nil)
        #expect(try c.readResponse().text == "GET /after\n")
    }

    @Test func unknownStatusHasAReasonPhrase() throws {
        let (r, _) = try exchange(get("/status/299"))
        #expect(r.statusLine == "HTTP/1.1 299 Unknown")
    }

    @Test func headerValueWithCRLFBecomesA500() throws {
        let (r, _) = try exchange(get("/badheader"))
        #expect(r.status == 500)
        #expect(r.header("Injected") == nil)
        #expect(r.header("X-Bad") == nil)
    }

    @Test func aDeferredBodyIsSentAsRendered() throws {
        let server = try TestHTTPServer { _ in Response(status: 200, headers: ["Content-Type": "text/plain"], deferredBody: { Array("rendered later".utf8) }) }
        defer { server.stop() }
        let r = try roundTrip(port: server.port, get())
        #expect(r.header("Content-Length") == "14")
        #expect(r.body == Array("rendered later".utf8))
    }

    @Test func settlingADeferredBodyRendersItOnceAndKeepsTheBytes() {
        final class Counter: @unchecked Sendable { var n = 0 }
        let renders = Counter()
        var r = Response(status: 200, deferredBody: { renders.n += 1; return [1, 2, 3] })
        #expect(!r.isSettled)
        r.settle()
        #expect(r.isSettled)
        #expect(r.body == [1, 2, 3])
        #expect(r.body == [1, 2, 3])
        #expect(renders.n == 1)
    }

    @Test func assigningABodyReplacesADeferredOne() {
        var r = Response(status: 200, deferredBody: { [9] })
        r.body = [1]
        #expect(r.isSettled)
        #expect(r.body == [1])
    }
}
