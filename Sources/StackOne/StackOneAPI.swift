import HTTP1
import Storage
import UnderstudyCore

/// StackOne Unified Ticketing (`/stackone/unified/ticketing/...`).
///
/// LIMITATIONS: only the module frame exists yet — credentials, tenant lookup by the Basic user, and StackOne's
/// `{statusCode,message,timestamp}` errors; no endpoint is routed, so every path answers StackOne's 404.
public struct StackOneAPI: SimulatedAPI {
    public let name = "stackone"

    public init() {}

    public func makeCredentials(tenantID: String, isDemo: Bool, ids: any IDGenerator) -> APICredentials {
        let key = isDemo ? "demo-stackone-key" : "v1.us1." + ids.hex(32)
        let account = isDemo ? "demo-stackone-account" : ids.hex(20)
        let json: JSON = [
            "api_key": .string(key), "account_id": .string(account),
            "headers": ["Authorization": .string(Authorization.basicHeader(user: key, password: "")), "x-account-id": .string(account)],
        ]
        return APICredentials(json: json, secrets: [key])
    }

    public func fixtureIDs(in db: Database) throws -> JSON {
        ["ticket_ids": [], "user_ids": [], "ticket_type_ids": [], "collection_ids": [], "project_ids": []]
    }

    public func tenantID(for request: Request, in directory: any CredentialDirectory) -> String? {
        Authorization.basic(request).flatMap { directory.tenantID(api: name, secret: $0.user) }
    }

    public func handle(_ request: APIRequest) -> Response {
        StackOneError.status(404, request: request).response
    }

    public func errorResponse(_ kind: ErrorKind, request: APIRequest) -> Response {
        var r = StackOneError.status(kind.defaultStatus, request: request).response
        if kind == .rateLimited { r.headers.set("Retry-After", "60") }
        return r
    }
}

/// `{statusCode, message, timestamp}` with StackOne's default messages.
enum StackOneError: Error {
    case status(Int, request: APIRequest, message: String? = nil)

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

    var response: Response {
        switch self {
        case let .status(status, request, message):
            return JSONResponse.make(status, [
                "statusCode": .int(status), "message": .string(message ?? Self.defaultMessage(status)),
                "timestamp": .string(ISO8601.format(request.now, fractionDigits: 3)),
            ])
        }
    }
}
