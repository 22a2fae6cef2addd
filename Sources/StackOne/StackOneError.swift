import HTTP1
import UnderstudyCore

/// A StackOne error: `{statusCode, message, timestamp}` with the vendor's default message unless a detail is given
/// (stackone.md). Handlers throw it; the API renders it with the tenant's simulated time.
struct StackOneError: VendorError {
    let status: Int
    let message: String?

    init(_ status: Int, _ message: String? = nil) {
        self.status = status
        self.message = message
    }

    static let notFound = StackOneError(404)

    /// A 400 for a bad request body or query, naming what is wrong.
    static func badRequest(_ detail: String) -> StackOneError { StackOneError(400, detail) }

    static func defaultMessage(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden resource"
        case 404: return "Not Found"
        case 408: return "Request timed out"
        case 409: return "Conflict"
        case 412: return "Precondition failed"
        case 422: return "Unprocessable Entity"
        case 429: return "Too many requests"
        case 500: return "Internal server error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        default: return HTTPStatus.reason(status)
        }
    }

    func response(now: Double, headers: HTTPHeaders = [:]) -> Response {
        JSONResponse.make(status, [
            "statusCode": .int(status), "message": .string(message ?? Self.defaultMessage(status)),
            "timestamp": .string(RecordTime.format(now)),
        ], headers: headers)
    }

    /// The answer for anything a handler throws.
    func response(to request: APIRequest) -> Response { response(now: request.now) }
}
