import HTTP1
import Storage
import UnderstudyCore

/// The tenant's subscription plan (a tenant setting, `PATCH /__admin/tenants/{id}/settings/bossdesk`): without API
/// access every call answers 402; without the CMDB every `/cis` call does (seed: "402 Payment Required").
struct Plan {
    var apiAccess = true
    var cmdbAccess = true

    static let fields = ["api_access", "cmdb_access"]

    init() {}

    init(_ account: JSON?) {
        apiAccess = account?["plan"]?["api_access"]?.bool ?? true
        cmdbAccess = account?["plan"]?["cmdb_access"]?.bool ?? true
    }

    var json: JSON { ["api_access": .bool(apiAccess), "cmdb_access": .bool(cmdbAccess)] }

    /// Read on every request: kept until the account changes.
    static func read(_ store: RecordStore) throws -> Plan {
        try store.derived(Kind.account, "plan") { Plan(try store.get(Kind.account, key: "1")?.doc) }
    }

    /// Applies `{"plan": {"api_access": bool, "cmdb_access": bool}}` (either field may be left out).
    static func update(_ changes: JSON, _ store: RecordStore) throws -> Plan {
        guard let members = changes.object, members.allSatisfy({ $0.0 == "plan" }) else {
            throw SettingsError("expected {\"plan\": {\"api_access\": true|false, \"cmdb_access\": true|false}}")
        }
        var plan = try read(store)
        if let p = changes["plan"] {
            guard let fields = p.object else { throw SettingsError("plan must be an object") }
            for (name, value) in fields {
                guard let on = value.bool else { throw SettingsError("plan.\(name) must be true or false") }
                switch name {
                case "api_access": plan.apiAccess = on
                case "cmdb_access": plan.cmdbAccess = on
                default: throw SettingsError("unknown field plan.\(name) (expected \(Self.fields.joined(separator: ", ")))")
                }
            }
        }
        var account = try store.get(Kind.account, key: "1")?.doc ?? [:]
        account.set("plan", plan.json)
        _ = try store.update(Kind.account, key: "1", doc: account)
        return plan
    }

    /// The 402 a request meets under this plan, if any.
    func refusal(path: String) -> BOSSDeskError? {
        if !apiAccess { return .base(402, "Your subscription plan does not include API access") }
        if !cmdbAccess && (path == "\(Routes.prefix)/cis" || path.hasPrefix("\(Routes.prefix)/cis/")) {
            return .base(402, "Your subscription plan does not include the CMDB")
        }
        return nil
    }
}
