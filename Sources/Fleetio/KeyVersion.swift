import Storage
import UnderstudyCore

/// The API version a tenant's Fleetio key is locked to (developer.fleetio.com, "Versioning": a key answers in the
/// version in force when it was created). A request without `X-Api-Version` is answered in it; the header overrides
/// it per request. A tenant setting (`GET`/`PATCH /__admin/tenants/{id}/settings/fleetio`, `{"api_version": …}`),
/// kept in the tenant, so reset and snapshots include it. New tenants, demo included, get the current version, as a
/// key created today would.
enum KeyVersion {
    static let kind = "key_version"
    static let member = "api_version"

    /// The tenant's key version (the current one when never set).
    static func read(_ store: RecordStore) throws -> String {
        try store.get(kind, key: "1")?.doc[member]?.string ?? APIVersionHeader.newest
    }

    /// Applies a settings change (`{"api_version": "2023-03-01"}`); only known versions.
    static func update(_ changes: JSON, _ store: RecordStore) throws -> String {
        guard let members = changes.object, members.allSatisfy({ $0.0 == member }) else {
            throw SettingsError("expected {\"\(member)\": one of \(APIVersionHeader.known.joined(separator: ", "))}")
        }
        guard let value = changes[member] else { return try read(store) }
        guard let v = value.string, APIVersionHeader.known.contains(v) else {
            throw SettingsError("\(member) must be one of \(APIVersionHeader.known.joined(separator: ", "))")
        }
        let doc: JSON = [member: .string(v)]
        if try store.exists(kind, key: "1") { _ = try store.update(kind, key: "1", doc: doc) } else {
            try store.insert(kind, seq: try store.nextSequence(kind), key: "1", doc: doc)
        }
        return v
    }
}
