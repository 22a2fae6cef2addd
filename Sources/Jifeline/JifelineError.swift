import HTTP1
import UnderstudyCore

/// An RFC 7807 problem (`application/problem+json`), with an optional `errors` extension for validation failures.
struct JifelineError: VendorError {
    let status: Int
    let detail: String
    var errors: [(field: String, message: String)] = []

    init(_ status: Int, _ detail: String, errors: [(field: String, message: String)] = []) {
        self.status = status
        self.detail = detail
        self.errors = errors
    }

    static let unauthorized = JifelineError(401, "A valid bearer token is required")
    static func invalid(_ field: String, _ message: String) -> JifelineError {
        JifelineError(400, "The request is invalid", errors: [(field, message)])
    }

    func response(to request: APIRequest) -> Response { JifelineError.response(self, path: request.path) }

    /// The refusal of a seeded record this amounts to: its first field error, else its detail.
    var refusal: RecordRefusal {
        if let e = errors.first { return RecordRefusal(e.field, e.message) }
        return RecordRefusal(nil, detail)
    }
}

extension JifelineError {
    static func response(_ p: JifelineError, path: String, headers extra: HTTPHeaders = [:]) -> Response {
        var body: JSON = [
            "type": "about:blank", "title": .string(HTTPStatus.reason(p.status)), "status": .int(p.status),
            "detail": .string(p.detail), "instance": .string(path),
        ]
        if !p.errors.isEmpty {
            body.set("errors", .array(p.errors.map { ["field": .string($0.field), "message": .string($0.message)] }))
        }
        return JSONResponse.make(p.status, body, contentType: "application/problem+json", headers: extra)
    }

    /// The answer for anything a handler throws.
    /// The 500 for an error that is no ``JifelineError``.
    static func unexpected(_ request: APIRequest) -> Response {
        response(JifelineError(500, "Something unexpected happened"), path: request.path)
    }
}
