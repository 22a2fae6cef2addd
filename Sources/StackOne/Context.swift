import HTTP1
import Storage
import UnderstudyCore

/// What a StackOne handler works with: the tenant's store, the request, simulated now, the account's
/// organization, and the key that signs this tenant's list cursors.
struct Context {
    let store: RecordStore
    let request: APIRequest
    let organization: JSON
    let cursorKey: [UInt8]

    var now: Double { request.now }
    var nowText: String { RecordTime.format(request.now) }

    /// A path parameter (already decoded by the route table).
    func parameter(_ name: String) -> String { request.parameters[name] ?? "" }

    /// A record of a kind by id; StackOne's 404 when there is none.
    func existing(_ kind: String, _ id: String) throws -> StoredRecord {
        guard let r = try store.get(kind, key: id) else { throw StackOneError.notFound }
        return r
    }

    /// `{"statusCode", "message", "timestamp"}` plus `data` when given: the write envelopes.
    /// Built after the tenant's lock is let go (it needs only the time and `data`).
    func writeEnvelope(_ status: Int, _ message: String, data: JSON? = nil) -> Response {
        let now = request.now
        return JSONResponse.later(status) {
            var body: JSON = ["statusCode": .int(status), "message": .string(message), "timestamp": .string(RecordTime.format(now))]
            if let data { body.set("data", data) }
            return body
        }
    }
}
