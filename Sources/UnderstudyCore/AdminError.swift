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
}
