import HTTP1

/// A real HTTP1 server on a free port with a given handler, for wire tests. Stop it with `stop()`.
public final class TestHTTPServer: Sendable {
    public let server: Server
    public let port: Int

    public init(limits: HTTPLimits = HTTPLimits(), loops: Int = 2,
                handler: @escaping @Sendable (Request) -> Response = TestHTTPServer.echo) throws {
        server = Server(configuration: Self.configuration(limits, loops), handler: handler)
        port = try server.start()
    }

    /// A server whose handler may answer later (`Server.init(configuration:deferredHandler:)`).
    public init(limits: HTTPLimits = HTTPLimits(), loops: Int = 2,
                deferredHandler: @escaping @Sendable (Request, Responder) -> Response?) throws {
        server = Server(configuration: Self.configuration(limits, loops), deferredHandler: deferredHandler)
        port = try server.start()
    }

    /// Port 0 (any free one), the given limits and loops, a short shutdown grace.
    private static func configuration(_ limits: HTTPLimits, _ loops: Int) -> ServerConfiguration {
        var config = ServerConfiguration()
        config.port = 0
        config.limits = limits
        config.loopCount = loops
        config.shutdownGraceSeconds = 2
        return config
    }

    public func stop() { server.stop() }

    /// Behaviour by path, for wire tests:
    /// - `/slow?ms=N` answers after N ms; `/fault/<name>` breaks the connection that way;
    /// - `/status/<code>` answers that status with body `x`; `/badheader` sets a header value with CR LF;
    /// - `/big?n=N` answers N bytes;
    /// - a request the server refused after its head (`refusedStatus`) gets no words: an empty body;
    /// - anything else echoes `method path?query\n` + body, with `X-Body-Length` and `X-Seen` (the `X-Test` values joined by `,`).
    public static let echo: @Sendable (Request) -> Response = { req in
        if let refused = req.refusedStatus { return Response(status: refused) }
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain")
        let query = QueryPairs(req.query)
        if req.path == "/slow" {
            return Response(status: 200, headers: headers, body: Array("slow\n".utf8), delayMilliseconds: Int(query["ms"] ?? "") ?? 200)
        }
        if req.path.hasPrefix("/fault/"), let fault = ConnectionFault(rawValue: String(req.path.dropFirst(7))) {
            return Response(status: 200, headers: headers, body: Array("should not arrive whole\n".utf8), fault: fault)
        }
        if req.path.hasPrefix("/status/"), let code = Int(req.path.dropFirst(8)) {
            return Response(status: code, headers: headers, body: Array("x".utf8))
        }
        if req.path == "/badheader" {
            headers.add("X-Bad", "a\r\nInjected: yes")
            return Response(status: 200, headers: headers, body: Array("bad".utf8))
        }
        if req.path == "/big" {
            return Response(status: 200, headers: headers, body: [UInt8](repeating: 0x61, count: Int(query["n"] ?? "") ?? 1_000_000))
        }
        headers.add("X-Body-Length", String(req.body.count))
        headers.add("X-Seen", req.headers.values("X-Test").joined(separator: ","))
        let line = "\(req.method) \(req.path)" + (req.query.isEmpty ? "" : "?\(req.query)") + "\n"
        return Response(status: 200, headers: headers, body: Array(line.utf8) + req.body)
    }
}

/// Minimal `a=1&b=2` reading for the test handler (no decoding).
struct QueryPairs {
    let pairs: [Substring: Substring]
    init(_ raw: String) {
        var p: [Substring: Substring] = [:]
        for part in raw.split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1)
            p[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        pairs = p
    }
    subscript(_ k: String) -> String? { pairs[Substring(k)].map(String.init) }
}
