import HTTP1
import Storage
import UnderstudyCore

/// Fleetio (`/fleetio/api/...`): issues and faults.
///
/// LIMITATIONS: only the module frame exists yet — credentials, tenant lookup and Fleetio's error bodies;
/// no endpoint is routed, so every path answers Fleetio's 404.
public struct FleetioAPI: SimulatedAPI {
    public let name = "fleetio"
    private let routes = RouteTable<@Sendable (APIRequest) throws -> Response>()

    public init() {}

    public func makeCredentials(tenantID: String, isDemo: Bool, ids: any IDGenerator) -> APICredentials {
        let key = isDemo ? "demo-fleetio-key" : ids.hex(40)
        let account = isDemo ? "demo-fleetio-account" : ids.hex(10)
        let readOnly = isDemo ? "demo-fleetio-readonly-key" : ids.hex(40)
        let json: JSON = [
            "api_key": .string(key), "account_token": .string(account),
            "headers": ["Authorization": .string("Token \(key)"), "Account-Token": .string(account)],
            "read_only": ["api_key": .string(readOnly), "headers": ["Authorization": .string("Token \(readOnly)"), "Account-Token": .string(account)]],
        ]
        return APICredentials(json: json, secrets: [key, readOnly])
    }

    public func fixtureIDs(in db: Database) throws -> JSON {
        ["vehicle_ids": [], "contact_ids": [], "fault_rule_codes": [], "label_ids": [], "issue_priority_ids": []]
    }

    public func tenantID(for request: Request, in directory: any CredentialDirectory) -> String? {
        Authorization.token(request).flatMap { directory.tenantID(api: name, secret: $0) }
    }

    public func handle(_ request: APIRequest) -> Response {
        switch routes.match(method: request.method, path: request.path) {
        case .found(let handler, let parameters):
            var r = request
            r.parameters = parameters
            do { return try handler(r) } catch { return FleetioError.problem(500, request: request).response }
        case .methodNotAllowed, .notFound:
            return FleetioError.problem(404, request: request).response
        }
    }

    public func errorResponse(_ kind: ErrorKind, request: APIRequest) -> Response {
        FleetioError.scripted(kind, request: request).response
    }
}
