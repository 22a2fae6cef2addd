import HTTP1
import UnderstudyCore

/// `GET /account`.
enum Account {
    static func show(_ c: Context) throws -> Response {
        var account = try c.store.get(Kind.account, key: "1")?.doc ?? [:]
        account.remove("plan")
        return JSONResponse.make(200, account)
    }
}
