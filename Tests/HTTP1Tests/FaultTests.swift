import HTTP1
import Testing
import TestSupport

/// Scripted connection faults, as the HTTP layer carries them out.
@Suite struct FaultTests {
    @Test func connectionResetSendsRST() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/fault/connection_reset"))
        #expect(c.wasReset())
    }

    @Test func emptyResponseClosesWithoutAByte() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/fault/empty_response"))
        #expect(c.waitForClose(seconds: 2))
        #expect(c.unread.isEmpty)
    }

    @Test func malformedResponseSendsSomethingThatIsNotHTTPThenCloses() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/fault/malformed_response"))
        let text = c.readAll()
        #expect(!text.isEmpty)
        #expect(!text.hasPrefix("HTTP/1.1 200"))
    }

    @Test func truncatedBodyPromisesMoreThanItSends() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/fault/truncated_body"))
        let text = c.readAll()
        let head = try #require(text.components(separatedBy: "\r\n\r\n").first)
        let body = text.dropFirst(head.count + 4)
        let promised = head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: " ").last ?? "") }
        #expect(head.hasPrefix("HTTP/1.1 200 OK"))
        #expect((promised ?? 0) > body.utf8.count)
    }

    @Test func hangNeverAnswersButKeepsTheConnectionOpen() throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let c = try RawClient(port: server.port)
        c.send(get("/fault/hang"))
        #expect(!c.waitForClose(seconds: 0.5))
        #expect(c.unread.isEmpty)
    }
}
