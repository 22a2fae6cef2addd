import HTTP1
import Storage
import UnderstudyCore

/// OAuth2 client credentials (RFC 6749 §4.4, jifeline.md): `POST /oauth2/token`, form-encoded (or client
/// credentials in Basic auth), answering bearer tokens that expire after `expires_in` seconds of simulated time.
enum Tokens {
    static let kind = "token"
    static let lifetimeSeconds = 3600
    static let tokenHexLength = 40

    /// A token names its client: `<client_id>.<random>`, so the tenant can be found before the database is opened.
    static func clientID(ofToken token: String) -> String? {
        guard let dot = token.lastIndex(of: ".") else { return nil }
        return String(token[..<dot])
    }

    /// The form's (or Basic auth's) client id.
    static func requestedClientID(_ request: Request) -> String? {
        if let basic = Authorization.basic(request) { return basic.user }
        return QueryString(String(decoding: request.body, as: UTF8.self))["client_id"]
    }

    static func issue(_ req: APIRequest, credentials: JSON?) -> Response {
        let form = QueryString(String(decoding: req.body, as: UTF8.self))
        let basic = Authorization.basic(req.http)
        let client = basic?.user ?? form["client_id"]
        let secret = basic?.password ?? form["client_secret"]
        guard let grant = form["grant_type"] else { return error("invalid_request", "grant_type is required") }
        guard grant == "client_credentials" else { return error("unsupported_grant_type", "only client_credentials is supported") }
        guard let tenant = req.tenant, let credentials, let client, let secret,
              client == credentials["client_id"]?.string, secret == credentials["client_secret"]?.string
        else { return error("invalid_client", "client authentication failed") }
        let token = client + "." + req.ids.hex(tokenHexLength)
        do {
            try tenant.withDatabase { db in
                let store = RecordStore(db, table: JifelineAPI.table)
                try store.insert(kind, seq: try store.nextSequence(kind), key: token, doc: ["expires_at": .double(req.now + Double(lifetimeSeconds))])
            }
        } catch {
            return req.answer(error) { JifelineError.unexpected(req) }
        }
        var h = HTTPHeaders()
        h.set("Cache-Control", "no-store")
        return JSONResponse.make(200, ["access_token": .string(token), "expires_in": .int(lifetimeSeconds), "token_type": "Bearer"], headers: h)
    }

    /// Whether a bearer token is live for this tenant at simulated `now` (the convenience token never expires).
    static func isValid(_ token: String, store: RecordStore, convenience: String?, request: APIRequest) throws -> Bool {
        if token == convenience { return true }
        guard let record = try store.get(kind, key: token), let expires = record.doc["expires_at"]?.double else { return false }
        return !request.hasPassed(expires)
    }

    private static func error(_ code: String, _ description: String) -> Response {
        var h = HTTPHeaders()
        h.set("Cache-Control", "no-store")
        return JSONResponse.make(400, ["error": .string(code), "error_description": .string(description)], headers: h)
    }
}
