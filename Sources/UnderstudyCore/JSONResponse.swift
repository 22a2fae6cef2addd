import HTTP1

/// JSON answers.
public enum JSONResponse {
    /// A response with a JSON body and `Content-Type: application/json; charset=utf-8` (or the given type).
    /// The body is written out by whoever settles the response (the router, on the connection's own loop), not by
    /// the handler, which may be holding its tenant's lock.
    public static func make(_ status: Int, _ body: JSON, contentType: String = "application/json; charset=utf-8", headers: HTTPHeaders = [:]) -> Response {
        var h = headers
        h.set("Content-Type", contentType)
        return Response(status: status, headers: h, deferredBody: { body.bytes })
    }

    /// Like ``make(_:_:contentType:headers:)``, with the body also built when the response is settled: `build` must
    /// need nothing the handler's lock protects (it runs after the lock is let go).
    public static func later(_ status: Int, contentType: String = "application/json; charset=utf-8", headers: HTTPHeaders = [:],
                             _ build: @escaping @Sendable () -> JSON) -> Response {
        var h = headers
        h.set("Content-Type", contentType)
        return Response(status: status, headers: h, deferredBody: { build().bytes })
    }
}
