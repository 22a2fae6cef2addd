import HTTP1
import UnderstudyCore

/// A Fleetio problem answer (seeds 000 and 001): `{status,title,detail,instance}` for 400/401/403/404/500.
struct FleetioError: VendorError {
    let status: Int
    let detail: String

    init(_ status: Int, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    static let unauthenticated = FleetioError(401, "Request could not be authenticated")
    static let forbidden = FleetioError(403, "Insufficient permission to perform this operation")
    static let notFound = FleetioError(404, "Record not found")
    static let unexpected = FleetioError(500, "Something unexpected happened")

    func response(to request: APIRequest) -> Response { FleetioError.problem(self, path: request.path) }
}

/// Fleetio's error bodies: problems, `{"errors":{field:[…]}}` for 422, and `{"error": …}` for the rate limit.
extension FleetioError {
    /// The rate-limit body (fleetio.md).
    static let rateLimitMessage = "Too many requests detected from your account token. Please try again later."

    static func problem(_ p: FleetioError, path: String) -> Response {
        JSONResponse.make(p.status, [
            "status": .int(p.status), "title": .string(HTTPStatus.reason(p.status)),
            "detail": .string(p.detail), "instance": .string(path),
        ])
    }

    static func validation(_ errors: FieldErrors) -> Response {
        JSONResponse.make(422, ["errors": errors.json])
    }

    static func rateLimited(retryAfter: Int) -> Response {
        JSONResponse.make(429, ["error": .string(rateLimitMessage)], headers: ["Retry-After": String(retryAfter)])
    }

    /// The answer for any error a handler throws.
    /// The vendor's answer for a scripted error kind.
    static func scripted(_ kind: ErrorKind, path: String) -> Response {
        switch kind {
        case .rateLimited: return rateLimited(retryAfter: 60)
        case .unprocessable:
            var e = FieldErrors()
            e.add("base", RailsMessage.invalid)
            return validation(e)
        case .unauthorized: return problem(.unauthenticated, path: path)
        case .forbidden: return problem(.forbidden, path: path)
        case .notFound: return problem(.notFound, path: path)
        case .serverError: return problem(.unexpected, path: path)
        default: return problem(FleetioError(kind.defaultStatus, HTTPStatus.reason(kind.defaultStatus)), path: path)
        }
    }
}
