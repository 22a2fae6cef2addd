import Dispatch
import Glibc
import HTTP1
import Testing
import TestSupport

/// A deferred handler returns nil and answers later from another thread (`Responder`).
@Suite struct DeferredAnswerTests {
    /// Answers `/later?…` from a background queue after `ms` milliseconds (default 20), everything else at once.
    static func server(loops: Int = 2, answer: @escaping @Sendable (Request) -> Response = TestHTTPServer.echo) throws -> TestHTTPServer {
        try TestHTTPServer(loops: loops) { request, responder in
            guard request.path == "/later" else { return answer(request) }
            let ms = Int(request.query.split(separator: "=").last ?? "") ?? 20
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(ms)) { responder.respond(answer(request)) }
            return nil
        }
    }

    @Test func anAnswerGivenLaterFromAnotherThreadIsSent() throws {
        let server = try Self.server()
        defer { server.stop() }
        let r = try roundTrip(port: server.port, get("/later"))
        #expect(r.status == 200)
        #expect(r.text == "GET /later\n")
    }

    @Test func aHandlerMayAnswerThroughItsResponderBeforeReturningNil() throws {
        let server = try TestHTTPServer { request, responder in
            responder.respond(TestHTTPServer.echo(request))   // on the loop's own thread, before the loop knows it waits
            return nil
        }
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        for i in 0..<3 {
            c.send(get("/at-once/\(i)"))
            #expect(try c.readResponse().text == "GET /at-once/\(i)\n")
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrderWhenTheFirstIsDeferred() throws {
        let server = try Self.server()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/later?ms=100") + get("/now"))
        #expect(try c.readResponse().text == "GET /later?ms=100\n")
        #expect(try c.readResponse().text == "GET /now\n")
    }

    @Test func theConnectionGoesOnAfterADeferredAnswer() throws {
        let server = try Self.server()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        for i in 0..<3 {
            c.send(get("/later?ms=\(i)"))
            #expect(try c.readResponse().text == "GET /later?ms=\(i)\n")
        }
    }

    @Test func aDeferredAnswerKeepsItsConnectionFault() throws {
        let server = try Self.server { _ in Response(status: 200, body: Array("x".utf8), fault: .connectionReset) }
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/later"))
        #expect(c.wasReset())
    }

    @Test func aDeferredAnswerToAnHTTP10RequestClosesTheConnection() throws {
        let server = try Self.server()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send("GET /later HTTP/1.0\r\n\r\n")
        let r = try c.readResponse()
        #expect(r.status == 200)
        #expect(r.header("Connection") == "close")
        #expect(c.waitForClose(seconds: 1))
    }

    @Test func anAnswerForAConnectionThatClosedMeanwhileIsDroppedAndTheLoopGoesOn() throws {
        let server = try Self.server(loops: 1)
        defer { server.stop() }
        do {
            let gone = try RawClient(port: server.port)
            gone.send(get("/later?ms=50"))
        }   // closed before the answer exists
        usleep(100_000)
        let r = try roundTrip(port: server.port, get("/after"))
        #expect(r.text == "GET /after\n")
    }

    @Test func aLoopServesOtherConnectionsWhileOneWaitsForItsAnswer() throws {
        let server = try Self.server(loops: 1)
        defer { server.stop() }
        let waiting = try RawClient(port: server.port)
        waiting.send(get("/later?ms=1000"))
        let r = try roundTrip(port: server.port, get("/meanwhile"))
        #expect(r.text == "GET /meanwhile\n")
        #expect(try waiting.readResponse().text == "GET /later?ms=1000\n")
    }
}
