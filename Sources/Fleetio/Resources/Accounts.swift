import Storage
import UnderstudyCore

/// Accounts (`/api/v1/accounts`): the account the key belongs to, listed (pyfleetio calls it to check the
/// credentials). The API user stored with it is not shown; the key's user type is.
enum Accounts {
    static let resource = Resource(
        path: "accounts", kind: Account.kind, operations: [.list], firstID: 1,
        render: { _, r in
            var out = r.doc
            out.remove("user")
            out.set("user_type", r.doc["user"]?["user_type"] ?? "owner")
            return out
        })
}
