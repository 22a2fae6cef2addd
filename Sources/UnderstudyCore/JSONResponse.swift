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

    /// Like ``later(_:contentType:headers:_:)``, with the body written as text (``JSONText``) when the response is
    /// settled, instead of built as a tree and then written.
    public static func written(_ status: Int, contentType: String = "application/json; charset=utf-8", headers: HTTPHeaders = [:],
                               _ write: @escaping @Sendable (inout JSONText) -> Void) -> Response {
        var h = headers
        h.set("Content-Type", contentType)
        return Response(status: status, headers: h, deferredBody: {
            var text = JSONText()
            write(&text)
            return text.bytes
        })
    }

    /// A response with a body written now: for a small answer made from what only the handler may read.
    public static func writing<E: Error>(_ status: Int, contentType: String = "application/json; charset=utf-8", headers: HTTPHeaders = [:],
                                         _ write: (inout JSONText) throws(E) -> Void) throws(E) -> Response {
        var h = headers
        h.set("Content-Type", contentType)
        var text = JSONText()
        try write(&text)
        return Response(status: status, headers: h, body: text.bytes)
    }
}
