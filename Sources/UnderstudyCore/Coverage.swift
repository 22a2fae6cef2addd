import HTTP1
import Synchronization

/// An error outcome a vendor documents, which a client should be tested against (the coverage report lists the ones
/// never seen). With an operation it belongs to that one; without, any operation of the API answering it counts.
public struct DocumentedError: Sendable {
    public let status: Int
    public let what: String
    public let operation: APIOperation?

    public init(_ status: Int, _ what: String, _ method: String? = nil, _ pattern: String? = nil) {
        self.status = status
        self.what = what
        operation = method.flatMap { m in pattern.map { APIOperation(method: m, pattern: $0) } }
    }
}

/// What of each API the requests so far exercised (`GET /__admin/coverage`): per operation of its route table, how
/// often each status and each scripted error kind or connection fault was seen, and for lists whether a later page
/// was ever asked for. Every request counts (the journal's size limits do not apply); `DELETE /__admin/requests`
/// empties it with the journal.
public final class Coverage: Sendable {
    /// What one operation saw.
    struct Seen {
        var statuses: [Int: Int] = [:]
        /// Scripted error kinds (`rate_limited`), exact answers (`exact`) and faults (`fault:hang`), by count.
        var scripted: [String: Int] = [:]
        var laterPage = false
    }

    private struct Key: Hashable {
        let tenant: String?
        let api: String
        /// The operation's index in the API's list; -1 for requests no operation matches.
        let operation: Int
    }

    private struct API: Sendable {
        let name: String
        let operations: [APIOperation]
        let table: RouteTable<Int>
        let documented: [DocumentedError]
    }

    private let sources: [any SimulatedAPI]
    /// The APIs' operation tables, made at the first request rather than at start (they cost start-up a few ms).
    private let tables = Mutex<[API]?>(nil)
    private var apis: [API] {
        tables.withLock { made in
            if let made { return made }
            let built = sources.map { api in
                let operations = api.operations   // computed by the API (Fleetio's from its table): read once
                var table = RouteTable<Int>()
                for (i, op) in operations.enumerated() { table.add(op.method, op.pattern, i) }
                return API(name: api.name, operations: operations, table: table, documented: api.documentedErrors)
            }
            made = built
            return built
        }
    }
    private let seen = Mutex<[Key: Seen]>([:])

    public init(apis: [any SimulatedAPI]) {
        sources = apis
    }

    /// Counts one answered request: its vendor path and query, its status, and what a scenario scripted for it.
    public func record(api name: String, tenant: String?, method: String, path: String, query: QueryString, status: Int,
                       scripted: String?, fault: ConnectionFault?) {
        guard let api = apis.first(where: { $0.name == name }) else { return }
        var operation = -1
        if case .found(let i, _, _) = api.table.match(method: method, path: path) { operation = i }
        let later = operation >= 0 && api.operations[operation].pages && Self.asksForLaterPage(query)
        let key = Key(tenant: tenant, api: name, operation: operation)
        seen.withLock { all in
            // Changed in place (no copy of the counts taken out and written back).
            all[key, default: Seen()].statuses[status, default: 0] += 1
            if let scripted { all[key, default: Seen()].scripted[scripted, default: 0] += 1 }
            if let fault { all[key, default: Seen()].scripted["fault:" + fault.rawValue, default: 0] += 1 }
            if later { all[key, default: Seen()].laterPage = true }
        }
    }

    /// Forgets everything seen.
    public func reset() { seen.withLock { $0.removeAll() } }

    /// Whether a list request asks for a page after the first: `page` past 1 (or a page token), `offset` past 0, or
    /// a cursor (`next`, `cursor`, `start_cursor`, `next_cursor`), as the four vendors page.
    static func asksForLaterPage(_ q: QueryString) -> Bool {
        if let page = q["page"], !page.isEmpty { return Int(page).map { $0 > 1 } ?? true }
        if let offset = q["offset"], let n = Int(offset), n > 0 { return true }
        return ["next", "cursor", "start_cursor", "next_cursor"].contains { !(q[$0] ?? "").isEmpty }
    }

    /// The report for one tenant's requests (nil: everyone's) and one API (nil: every API).
    public func report(tenant: String?, api only: String?) -> JSON {
        let all = seen.withLock { $0 }
        var members: [(String, JSON)] = []
        for api in apis where only == nil || only == api.name {
            var per = Array(repeating: Seen(), count: api.operations.count + 1)
            for (key, s) in all where key.api == api.name && (tenant == nil || key.tenant == tenant) {
                let i = key.operation >= 0 ? key.operation : api.operations.count
                per[i].statuses.merge(s.statuses, uniquingKeysWith: +)
                per[i].scripted.merge(s.scripted, uniquingKeysWith: +)
                per[i].laterPage = per[i].laterPage || s.laterPage
            }
            var operations: [JSON] = []
            for (i, op) in api.operations.enumerated() {
                let s = per[i]
                var o: [(String, JSON)] = [("method", .string(op.method)), ("path", .string(op.pattern)),
                                           ("requests", .int(s.statuses.values.reduce(0, +))),
                                           ("statuses", Self.counts(s.statuses.map { (String($0.key), $0.value) })),
                                           ("scripted", Self.counts(s.scripted.map { ($0.key, $0.value) }))]
                o.append(("second_page", op.pages ? .bool(s.laterPage) : .null))
                operations.append(.object(o))
            }
            let exercised = api.operations.indices.filter { !per[$0].statuses.isEmpty }.count
            let unseen = api.documented.filter { d in
                let ops = d.operation.map { o in api.operations.indices.filter { api.operations[$0].method == o.method && api.operations[$0].pattern == o.pattern } }
                    ?? Array(api.operations.indices) + [api.operations.count]
                return !ops.contains { per[$0].statuses[d.status] != nil }
            }
            members.append((api.name, [
                "exercised": .int(exercised), "total": .int(api.operations.count),
                "operations": .array(operations),
                "unrouted_requests": .int(per[api.operations.count].statuses.values.reduce(0, +)),
                "never_seen": .array(unseen.map { d in
                    .object([("status", .int(d.status)), ("what", .string(d.what))]
                            + (d.operation.map { [("method", .string($0.method)), ("path", .string($0.pattern))] } ?? []))
                }),
            ]))
        }
        return .object(members)
    }

    private static func counts(_ pairs: [(String, Int)]) -> JSON {
        .object(pairs.sorted { $0.0 < $1.0 }.map { ($0.0, .int($0.1)) })
    }

    /// The report as an aligned table for a CI log.
    public func text(tenant: String?, api: String?) -> String {
        CoverageText.render(report(tenant: tenant, api: api))
    }
}
