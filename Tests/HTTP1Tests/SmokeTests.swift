import Testing
import HTTP1
import TestSupport

@Suite struct SmokeTests {
    @Test func getAnswersWithEcho() throws {
        let s = try TestHTTPServer()
        defer { s.stop() }
        let r = try roundTrip(port: s.port, "GET /a?b=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(r.statusLine == "HTTP/1.1 200 OK")
        #expect(r.text == "GET /a?b=1\n")
    }
}
