import Storage
import UnderstudyCore

/// What a Jifeline handler works with: the tenant's store, simulated now, the API client (the notes' author),
/// the URL signer keyed by the tenant's secret, and the client id that names the tenant in storage URLs.
struct Context {
    let store: RecordStore
    /// The request (read simulated now through it, so answers that never look at the clock stay cacheable).
    let request: APIRequest
    let author: (id: String, name: String)
    let signer: URLSigner
    let clientID: String

    var now: Double { request.now }
    var nowText: String { ISO8601.format(now) }
}
