import HTTP1
import Testing
import TestSupport

/// Starts a server, sends `raw` on one connection, and returns the first answer and whether the server then closed.
func exchange(_ raw: String, limits: HTTPLimits = HTTPLimits(), closeWithin: Double = 1.0) throws -> (response: WireResponse, closed: Bool) {
    try exchange(Array(raw.utf8), limits: limits, closeWithin: closeWithin)
}

func exchange(_ raw: [UInt8], limits: HTTPLimits = HTTPLimits(), closeWithin: Double = 1.0) throws -> (response: WireResponse, closed: Bool) {
    let server = try TestHTTPServer(limits: limits)
    defer { server.stop() }
    let client = try RawClient(port: server.port)
    client.send(raw)
    let response = try client.readResponse()
    let closed = client.waitForClose(seconds: closeWithin)
    return (response, closed)
}

/// Asserts the checklist's framing-error answer (item 30): the status, `Content-Length: 0`, `Connection: close`, then close.
func expectRejected(_ raw: String, status: Int, limits: HTTPLimits = HTTPLimits(), sourceLocation: SourceLocation = #_sourceLocation) throws {
    try expectRejected(Array(raw.utf8), status: status, limits: limits, sourceLocation: sourceLocation)
}

func expectRejected(_ raw: [UInt8], status: Int, limits: HTTPLimits = HTTPLimits(), sourceLocation: SourceLocation = #_sourceLocation) throws {
    let (r, closed) = try exchange(raw, limits: limits)
    #expect(r.statusLine == "HTTP/1.1 \(status) \(HTTPStatus.reason(status))", sourceLocation: sourceLocation)
    #expect(r.header("Content-Length") == "0", sourceLocation: sourceLocation)
    #expect(r.header("Connection") == "close", sourceLocation: sourceLocation)
    #expect(closed, "the server should close after a framing error", sourceLocation: sourceLocation)
}

/// A request with the headers HTTP/1.1 needs.
func get(_ target: String = "/", extra: String = "") -> String { "GET \(target) HTTP/1.1\r\nHost: test\r\n\(extra)\r\n" }
