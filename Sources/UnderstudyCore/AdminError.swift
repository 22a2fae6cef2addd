import HTTP1

/// An admin API failure: `{"error": message}` with its status (400 or 404).
public struct AdminError: Error, CustomStringConvertible, Sendable {
    public let status: Int
    public let message: String

    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    public static func badRequest(_ m: String) -> AdminError { AdminError(400, m) }
    public static func notFound(_ m: String) -> AdminError { AdminError(404, m) }

    public var description: String { message }

    var response: Response { JSONResponse.make(status, ["error": .string(message)]) }
}

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
