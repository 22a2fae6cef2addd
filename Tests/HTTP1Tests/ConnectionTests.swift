import Glibc
import HTTP1
import Testing
import TestSupport

/// Persistence, pipelining, timeouts, closing and socket hygiene (RFC 9112 §9).
@Suite struct ConnectionTests {
    @Test func http11ConnectionPersistsByDefault() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/1"))
        #expect(try c.readResponse().header("Connection") == nil)
        c.send(get("/2"))
        #expect(try c.readResponse().text == "GET /2\n")
    }

    @Test func connectionCloseIsEchoedAndTheSocketCloses() throws {
        let (r, closed) = try exchange(get(extra: "Connection: close\r\n"))
        #expect(r.header("Connection") == "close")
        #expect(closed)
    }

    @Test func connectionHeaderIsACaseInsensitiveList() throws {
        let (r, closed) = try exchange(get(extra: "Connection: Keep-Alive, CLOSE\r\n"))
        #expect(r.header("Connection") == "close")
        #expect(closed)
    }

    @Test func http10ClosesWithoutKeepAlive() throws {
        let (r, closed) = try exchange("GET / HTTP/1.0\r\n\r\n")
        #expect(r.header("Connection") == "close")
        #expect(closed)
    }

    @Test func http10KeepAlivePersistsAndIsEchoed() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send("GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try c.readResponse().header("Connection") == "keep-alive")
        c.send("GET /2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try c.readResponse().text == "GET /2\n")
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/slow?ms=150") + get("/a") + "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi" + get("/c"))
        #expect(try c.readResponse().text == "slow\n")
        #expect(try c.readResponse().text == "GET /a\n")
        #expect(try c.readResponse().text == "POST /b\nhi")
        #expect(try c.readResponse().text == "GET /c\n")
    }

    @Test func requestSplitAcrossManyWritesIsReassembled() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        for byte in Array("POST /slowloris HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc".utf8) {
            c.send([byte])
        }
        #expect(try c.readResponse().text == "POST /slowloris\nabc")
    }

    @Test func idleKeepAliveConnectionIsClosedSilently() throws {
        var limits = HTTPLimits()
        limits.idleTimeoutSeconds = 0.3
        let server = try TestHTTPServer(limits: limits)
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get())
        _ = try c.readResponse()
        #expect(c.waitForClose(seconds: 3))
        #expect(c.unread.isEmpty)
    }

    @Test func handlerOverBudgetIs503AndCloses() throws {
        var limits = HTTPLimits()
        limits.handlerBudgetSeconds = 0.05
        let server = try TestHTTPServer(limits: limits) { req in
            if req.path == "/stuck" { usleep(200_000) }
            return Response(status: 200, contentType: "text/plain", body: "ok")
        }
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/stuck"))
        let r = try c.readResponse()
        #expect(r.status == 503)
        #expect(r.header("Retry-After") == "1")
        #expect(r.header("Connection") == "close")
        #expect(c.waitForClose(seconds: 3))
    }

    @Test func handlerWithinBudgetAnswersNormally() throws {
        var limits = HTTPLimits()
        limits.handlerBudgetSeconds = 5
        let server = try TestHTTPServer(limits: limits) { _ in Response(status: 200, contentType: "text/plain", body: "ok") }
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/"))
        #expect(try c.readResponse().text == "ok")
    }

    @Test func connectionThatNeverSendsIsClosedSilently() throws {
        var limits = HTTPLimits()
        limits.idleTimeoutSeconds = 0.3
        let server = try TestHTTPServer(limits: limits)
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        #expect(c.waitForClose(seconds: 3))
        #expect(c.unread.isEmpty)
    }

    @Test func stalledHeadGets408() throws {
        var limits = HTTPLimits()
        limits.readTimeoutSeconds = 0.3
        let server = try TestHTTPServer(limits: limits)
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send("GET / HTTP/1.1\r\nHost: x\r\n")
        let r = try c.readResponse()
        #expect(r.statusLine == "HTTP/1.1 408 Request Timeout")
        #expect(r.header("Connection") == "close")
        #expect(c.waitForClose(seconds: 3))
    }

    @Test func stalledBodyGets408() throws {
        var limits = HTTPLimits()
        limits.readTimeoutSeconds = 0.3
        let server = try TestHTTPServer(limits: limits)
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        #expect(try c.readResponse().status == 408)
    }

    @Test func closingAfterAnAnswerDoesNotResetItAway() throws {
        // The client keeps sending after `Connection: close`; a plain close() with unread bytes would send RST and
        // could destroy the answer. The server half-closes and drains instead (RFC 9112 §9.6).
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/big?n=200000", extra: "Connection: close\r\n") + String(repeating: "x", count: 200_000))
        let r = try c.readResponse()
        #expect(r.body.count == 200_000)
        #expect(c.waitForClose(seconds: 3))
    }

    @Test func connectionsOverTheCapGet503() throws {
        var limits = HTTPLimits()
        limits.maxConnections = 2
        let server = try TestHTTPServer(limits: limits, loops: 1)
        defer { server.stop() }
        let a = try RawClient(port: server.port), b = try RawClient(port: server.port)
        a.send(get())
        b.send(get())
        _ = try a.readResponse()
        _ = try b.readResponse()
        let third = try RawClient(port: server.port)
        let r = try third.readResponse()
        #expect(r.status == 503)
        #expect(third.waitForClose(seconds: 2))
        a.send(get("/still"))
        #expect(try a.readResponse().text == "GET /still\n")
    }

    @Test func manyIdleConnectionsDoNotBlockABusyOne() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        var idle: [RawClient] = []
        for i in 0..<600 {
            let c = try RawClient(port: server.port)
            if i % 2 == 0 { c.send("GET / HTTP/1.1\r\nHo") }   // half a request
            idle.append(c)
        }
        let busy = try RawClient(port: server.port)
        for i in 0..<20 {
            busy.send(get("/\(i)"))
            #expect(try busy.readResponse().text == "GET /\(i)\n")
        }
        #expect(server.server.openConnections >= 600)
    }

    @Test func clientThatDisconnectsMidAnswerDoesNotHurtTheServer() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        for _ in 0..<5 {
            let c = try RawClient(port: server.port)
            c.send(get("/big?n=5000000"))
            Glibc.shutdown(c.fd, Int32(SHUT_RDWR))
        }
        let ok = try roundTrip(port: server.port, get("/alive"))
        #expect(ok.text == "GET /alive\n")
    }

    @Test func delayedAnswerHoldsNoThread() throws {
        let server = try TestHTTPServer(loops: 1)
        defer { server.stop() }
        let slow = try RawClient(port: server.port)
        slow.send(get("/slow?ms=1500"))
        let fast = try roundTrip(port: server.port, get("/fast"))
        #expect(fast.text == "GET /fast\n")
        #expect(slow.unread.isEmpty)
        #expect(try slow.readResponse().text == "slow\n")
    }

    @Test func stopLetsADelayedAnswerFinish() throws {
        let server = try TestHTTPServer()
        let c = try RawClient(port: server.port)
        c.send(get("/slow?ms=300"))
        sleepSeconds(0.05)
        server.stop()
        let r = try c.readResponse()
        #expect(r.text == "slow\n")
        #expect(r.header("Connection") == "close")
    }
}

func sleepSeconds(_ seconds: Double) { usleep(UInt32(seconds * 1_000_000)) }
