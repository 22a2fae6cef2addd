import Storage
import UnderstudyCore

/// Which URL family a request came through (`/api/v1`, `/api/v2`, `/api`).
enum PathVersion: String, Sendable {
    case v1, v2, unversioned
}

/// `X-Api-Version` values Fleetio has published (fleetio.md); the newest is what the unversioned path assumes.
enum APIVersionHeader {
    static let known = ["2023-03-01", "2024-01-01", "2024-03-15", "2025-05-05"]
    static var newest: String { known.last! }
    /// From this version on, v1 lists page by cursor.
    static let cursorFrom = "2024-01-01"
}

/// Everything a resource needs to build, change and show records, without HTTP: the tenant's store,
/// simulated now, the account, and the request's version (which decides body and page styles).
struct Context {
    /// Where simulated now comes from: the request (so that answers which only look at the date stay cacheable,
    /// see ``APIRequest/day()``), or a fixed instant while loading fixtures.
    enum Clock {
        case request(APIRequest)
        case fixed(Double)
    }

    let store: RecordStore
    let clock: Clock
    let account: Account
    let version: PathVersion
    /// The `X-Api-Version` in force: the header, else the version the tenant's key is locked to (``KeyVersion``); nil
    /// only while loading fixtures.
    let versionHeader: String?

    /// Lists page by cursor on v2, on the unversioned path, and on v1 from `X-Api-Version: 2024-01-01`.
    var cursorPaging: Bool {
        switch version {
        case .v2, .unversioned: return true
        case .v1: return (versionHeader ?? "") >= APIVersionHeader.cursorFrom
        }
    }

    var now: Double {
        switch clock {
        case .request(let r): return r.now
        case .fixed(let t): return t
        }
    }

    /// The request being answered; only while loading fixtures is there none (a route's handler then fails with
    /// Fleetio's 500, which no client can bring about).
    func answering() throws -> APIRequest {
        guard case .request(let r) = clock else { throw FleetioError.unexpected }
        return r
    }

    var nowText: String { RecordTime.format(now) }
    /// Today's date by the simulated clock (the account's time zone is UTC).
    var today: String {
        switch clock {
        case .request(let r): return r.day()
        case .fixed(let t): return ISO8601.date(t)
        }
    }

    /// A stored record of a kind by integer id, or nil.
    func find(_ kind: String, _ id: Int?) throws -> StoredRecord? {
        guard let id else { return nil }
        return try store.get(kind, key: String(id))
    }

    /// The records of a kind whose `path` equals `value`, oldest first.
    func children(_ kind: String, _ conditions: [(String, SQLValue)]) throws -> [StoredRecord] {
        var q = RecordQuery(kind: kind)
        q.conditions = conditions.map { .pathEquals($0.0, $0.1) }
        return try store.list(q)
    }

    /// Inserts a new record with its id, `created_at` and `updated_at` set now.
    func insertStamped(_ kind: String, firstID: Int, _ doc: JSON) throws -> StoredRecord {
        try insert(kind, firstID: firstID) { id in
            var d = doc
            d.set("id", .int(id))
            d.set("created_at", .string(nowText))
            d.set("updated_at", .string(nowText))
            return d
        }
    }

    /// Inserts a new record whose id is its sequence number.
    func insert(_ kind: String, firstID: Int, _ build: (Int) throws -> JSON) throws -> StoredRecord {
        let id = try store.nextSequence(kind, floor: firstID - 1)
        let doc = try build(id)
        try store.insert(kind, seq: id, key: String(id), doc: doc)
        return StoredRecord(seq: id, key: String(id), doc: doc)
    }
}

/// The Fleetio account a tenant plays, and the API user its keys belong to (`seeds/fleetio/account.json`).
struct Account: Sendable {
    let id: Int
    let userID: Int
    let userName: String
    let userImageURL: String?

    static let kind = "account"

    init(_ doc: JSON) {
        id = doc["id"]?.int ?? 1
        userID = doc["user"]?["id"]?.int ?? 1
        userName = doc["user"]?["full_name"]?.string ?? "API User"
        userImageURL = doc["user"]?["image_url"]?.string
    }
}
