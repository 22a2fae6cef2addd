import HTTP1
import Storage
import UnderstudyCore

/// Jifeline Partner API (`/jifeline/v2/...`, token at `/jifeline/oauth2/token`).
///
/// LIMITATIONS: only the module frame exists yet — credentials, tenant lookup by the convenience bearer token,
/// and RFC 7807 errors; no endpoint is routed, so every path answers a 404 problem.
public struct JifelineAPI: SimulatedAPI {
    public let name = "jifeline"

    public init() {}

    public func makeCredentials(tenantID: String, isDemo: Bool, ids: any IDGenerator) -> APICredentials {
        let client = isDemo ? "demo-jifeline-client" : "client-" + ids.hex(16)
        let secret = isDemo ? "demo-jifeline-secret" : ids.hex(40)
        let token = isDemo ? "demo-jifeline-token" : ids.hex(48)
        let json: JSON = [
            "client_id": .string(client), "client_secret": .string(secret),
            "headers": ["Authorization": .string("Bearer \(token)")],
        ]
        return APICredentials(json: json, secrets: [client, token])
    }

    public func fixtureIDs(in db: Database) throws -> JSON { ["ticket_ids": []] }

    public func tenantID(for request: Request, in directory: any CredentialDirectory) -> String? {
        Authorization.bearer(request).flatMap { directory.tenantID(api: name, secret: $0) }
    }

    public func handle(_ request: APIRequest) -> Response {
        JifelineError.problem(404, request: request).response
    }

    public func errorResponse(_ kind: ErrorKind, request: APIRequest) -> Response {
        var r = JifelineError.problem(kind.defaultStatus, request: request).response
        if kind == .rateLimited { r.headers.set("Retry-After", "60") }
        return r
    }
}

/// RFC 7807 problem documents, `Content-Type: application/problem+json`.
enum JifelineError: Error {
    case problem(Int, request: APIRequest, detail: String? = nil)

    var response: Response {
        switch self {
        case let .problem(status, request, detail):
            return JSONResponse.make(status, [
                "type": "about:blank", "title": .string(HTTPStatus.reason(status)), "status": .int(status),
                "detail": .string(detail ?? HTTPStatus.reason(status)), "instance": .string(request.path),
            ], contentType: "application/problem+json")
        }
    }
}
