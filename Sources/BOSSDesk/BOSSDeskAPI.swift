import HTTP1
import Storage
import UnderstudyCore

/// BOSSDesk (`/bossdesk/api/v1/...`): a whole service desk.
///
/// LIMITATIONS: only the module frame exists yet — the three users' credentials, tenant lookup by API key or by
/// Basic username and password, and BOSSDesk's `{"errors":{…}}` bodies; no endpoint is routed, so every path answers 404.
public struct BOSSDeskAPI: SimulatedAPI {
    public let name = "bossdesk"

    public init() {}

    /// The three users every tenant has (INTERFACE.md): role key, username, demo API key.
    static let users: [(role: String, username: String, demoKey: String)] = [
        ("agent", "jackpot", "demo-bossdesk-agent-key"),
        ("end_user", "aldente", "demo-bossdesk-user-key"),
        ("restricted_agent", "limited", "demo-bossdesk-limited-key"),
    ]

    public func makeCredentials(tenantID: String, isDemo: Bool, ids: any IDGenerator) -> APICredentials {
        var members: [(String, JSON)] = []
        var secrets: [String] = []
        for u in Self.users {
            let password = isDemo ? "demo-password" : ids.hex(20)
            let key = isDemo ? u.demoKey : ids.hex(44)
            members.append((u.role, [
                "username": .string(u.username), "password": .string(password), "api_key": .string(key),
                "headers": ["Authorization": .string("Token token=\"\(key)\"")],
            ]))
            secrets.append(key)
            secrets.append(Self.loginSecret(username: u.username, password: password))
        }
        return APICredentials(json: .object(members), secrets: secrets)
    }

    /// Usernames repeat across tenants, so a Basic login finds its tenant by username and password together.
    static func loginSecret(username: String, password: String) -> String { "login:\(username):\(password)" }

    public func fixtureIDs(in db: Database) throws -> JSON {
        ["ticket_friendly_ids": [], "ticket_type_ids": [], "priority_ids": [], "user_friendly_ids": [], "ci_friendly_ids": []]
    }

    public func tenantID(for request: Request, in directory: any CredentialDirectory) -> String? {
        if let key = Authorization.token(request) { return directory.tenantID(api: name, secret: key) }
        if let (user, password) = Authorization.basic(request) {
            return directory.tenantID(api: name, secret: Self.loginSecret(username: user, password: password))
        }
        return nil
    }

    public func handle(_ request: APIRequest) -> Response {
        BOSSDeskError.base(404, "Not found").response
    }

    public func errorResponse(_ kind: ErrorKind, request: APIRequest) -> Response {
        let messages: [ErrorKind: String] = [
            .unauthorized: "Unauthorized", .paymentRequired: "Your subscription plan does not include this feature",
            .forbidden: "You are not authorized to access this page", .notFound: "Not found",
            .conflict: "Ticket has been changed by someone else since you loaded it", .rateLimited: "Rate limit exceeded",
        ]
        var r = BOSSDeskError.base(kind.defaultStatus, messages[kind] ?? HTTPStatus.reason(kind.defaultStatus)).response
        if kind == .rateLimited { r.headers.set("Retry-After", "60") }
        return r
    }
}

/// BOSSDesk's Rails-style error bodies: `{"errors":{"base":["…"]}}` and `{"errors":{field:[…]}}`.
enum BOSSDeskError: Error {
    case base(Int, String)

    var response: Response {
        switch self {
        case let .base(status, message):
            return JSONResponse.make(status, ["errors": ["base": [.string(message)]]])
        }
    }
}
