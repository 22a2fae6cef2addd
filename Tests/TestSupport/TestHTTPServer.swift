import HTTP1

/// A real HTTP1 server on a free port with a given handler, for wire tests. Stop it with `stop()`.
public final class TestHTTPServer: Sendable {
    public let server: Server
    public let port: Int

    public init(limits: HTTPLimits = HTTPLimits(), loops: Int = 2,
                handler: @escaping @Sendable (Request) -> Response = TestHTTPServer.echo) throws {
        var config = ServerConfiguration()
        config.port = 0
        config.limits = limits
        config.loopCount = loops
        config.shutdownGraceSeconds = 2
        server = Server(configuration: config, handler: handler)
        port = try server.start()
    }

    public func stop() { server.stop() }

    /// Answers 200 with `method path?query`, a newline, and the body; `X-Body-Length` tells the body size.
    public static let echo: @Sendable (Request) -> Response = { req in
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain")
        headers.add("X-Body-Length", String(req.body.count))
        let line = "\(req.method) \(req.path)" + (req.query.isEmpty ? "" : "?\(req.query)") + "\n"
        return Response(status: 200, headers: headers, body: Array(line.utf8) + req.body)
    }
}
