import HTTP1
import UnderstudyCore

/// Fleetio's error bodies (seeds 000 and 001): `{status,title,detail,instance}` problems, `{"errors":{…}}` for 422,
/// and `{"error": …}` for the rate limit.
enum FleetioError: Error {
    case problem(Int, request: APIRequest, detail: String? = nil)
    case scripted(ErrorKind, request: APIRequest)

    var response: Response {
        switch self {
        case let .problem(status, request, detail):
            return Self.problemResponse(status, request: request, detail: detail)
        case let .scripted(kind, request):
            switch kind {
            case .rateLimited:
                return JSONResponse.make(429, ["error": "Too many requests detected from your account token. Please try again later."],
                                         headers: ["Retry-After": "60"])
            case .unprocessable:
                return JSONResponse.make(422, ["errors": ["base": ["is invalid"]]])
            default:
                return Self.problemResponse(kind.defaultStatus, request: request, detail: nil)
            }
        }
    }

    static func problemResponse(_ status: Int, request: APIRequest, detail: String?) -> Response {
        JSONResponse.make(status, [
            "status": .int(status), "title": .string(HTTPStatus.reason(status)),
            "detail": .string(detail ?? HTTPStatus.reason(status)), "instance": .string(request.path),
        ])
    }
}
