import Storage
import Synchronization

/// One isolated world: a SQLite database, its own clock offset, and its secrets for every API.
public final class Tenant: Sendable {
    public let id: String
    public let isDemo: Bool
    /// Secrets by API name.
    public let credentials: [String: APICredentials]
    /// The database, used only while `lock` is held.
    private let database: TenantDatabase
    /// Queued requests taken together run in one transaction (`TenantDatabase.batched`): one commit for all of them.
    private let lock: CombiningLock
    private let clockState: Locked<ClockState>
    private let changeCount: ChangeCount
    /// Answers to repeated reads, valid while `generation` stays the same.
    public let responses = ResponseCache()

    init(id: String, isDemo: Bool, credentials: [String: APICredentials], database: Database, clock: ClockState = ClockState()) {
        self.id = id
        self.isDemo = isDemo
        self.credentials = credentials
        let database = TenantDatabase(database)
        self.database = database
        self.clockState = Locked(clock)
        let changes = ChangeCount()
        self.changeCount = changes
        self.lock = CombiningLock(batch: { count, run in
            if database.batched(count, run) { return true }
            changes.add()   // answers cached during the batch may show rows it rolled back
            return false
        }, idle: { database.prefault() })
    }

    /// Runs `body` with exclusive use of the tenant's database, waiting for it if needed. Any row it changes, or puts
    /// off writing until its batch commits, moves `generation` on.
    public func withDatabase<T>(_ body: (TenantDatabase) throws -> T) rethrows -> T {
        try lock.withLock {
            let db = database
            let before = db.writes
            defer {
                db.recoverIfNeeded()   // a failure never leaves a transaction open for the next request
                if db.writes != before { changeCount.add() }
            }
            return try body(db)
        }
    }

    /// Runs `work` (which uses `withDatabase`) now if the database is free and returns its result; else queues it
    /// for the thread using the database and returns nil, and `then` gets the result on the caller's loop through
    /// `home`. An event loop never waits for a busy tenant this way (see `CombiningLock`).
    /// With `gather` the work always waits for the end of the loop's round, so the writes of one round share a
    /// commit (see `CombiningLock.perform`).
    public func perform<T: Sendable>(_ work: @escaping @Sendable () -> T, home: @escaping CombiningLock.Home, gather: Bool = false,
                                     then: @escaping @Sendable (T) -> Void) -> T? {
        lock.perform(work, home: home, gather: gather, then: then)
    }

    /// Requests queued for the thread using the database (`perform`), for tests and diagnostics.
    public var queuedWork: Int { lock.waiting }

    /// A number that changes whenever the tenant's data does (rows written, reset, restore): what
    /// cached answers are checked against.
    public var generation: UInt64 { changeCount.value }

    /// Moves `generation` on after a change that writes no rows (a whole database copied in).
    func markChanged() { changeCount.add() }

    /// The tenant's clock state (relative to the global clock).
    public var clock: ClockState { clockState.current }

    /// The tenant's simulated now, given the global clock.
    public func now(global: SimClock) -> Double { clockState.current.now(base: global.now()) }

    /// Changes the tenant clock; persisted with the tenant. ``ClockError`` (clock unchanged) when it would leave
    /// ``ClockState/range``.
    /// The change is saved first and takes effect only once saved (a full disk leaves the clock as it was); the
    /// database's lock orders concurrent changes.
    public func applyClock(now: Double?, advance: Double?, frozen: Bool?, global: SimClock) throws {
        let base = global.now()
        try withDatabase { db in
            let next = try clockState.current.applying(now: now, advance: advance, frozen: frozen, base: base)
            try TenantMeta.writeClock(next, to: db)
            clockState.withLock { $0 = next }
        }
    }

    /// Back to the global clock.
    public func resetClock() throws {
        clockState.withLock { $0 = ClockState() }
        try withDatabase { try TenantMeta.writeClock(ClockState(), to: $0) }
    }
}

/// The tenant's `generation`: an atomic counter, shared with the lock's batch.
private final class ChangeCount: Sendable {
    private let count = Atomic<UInt64>(0)
    var value: UInt64 { count.load(ordering: .acquiring) }
    func add() { count.add(1, ordering: .releasing) }
}

/// The `_tenant` table inside each tenant database: who it is, its secrets and its clock, so a data directory
/// can be reopened after a restart.
enum TenantMeta {
    static let schema = "CREATE TABLE IF NOT EXISTS _tenant (key TEXT PRIMARY KEY, value TEXT NOT NULL)"

    static func write(id: String, isDemo: Bool, credentials: [String: APICredentials], clock: ClockState, to db: TenantDatabase) throws {
        try db.execute(schema)
        let creds = JSON.object(credentials.sorted { $0.key < $1.key }.map { name, c in
            (name, .object([("json", c.json), ("secrets", .array(c.secrets.map(JSON.string)))]))
        })
        try db.transaction {
            try db.run("INSERT OR REPLACE INTO _tenant (key, value) VALUES ('id', ?)", [id])
            try db.run("INSERT OR REPLACE INTO _tenant (key, value) VALUES ('demo', ?)", [isDemo ? "1" : "0"])
            try db.run("INSERT OR REPLACE INTO _tenant (key, value) VALUES ('credentials', ?)", [creds.text])
            try writeClock(clock, to: db)
        }
    }

    static func writeClock(_ clock: ClockState, to db: TenantDatabase) throws {
        let json = JSON.object([("offset", .double(clock.offset)), ("frozen_at", .from(clock.frozenAt))])
        try db.run("INSERT OR REPLACE INTO _tenant (key, value) VALUES ('clock', ?)", [json.text])
    }

    static func read(from db: Database) throws -> (id: String, isDemo: Bool, credentials: [String: APICredentials], clock: ClockState)? {
        let rows = try db.query("SELECT key, value FROM _tenant")
        var values: [String: String] = [:]
        for r in rows { values[r.string("key") ?? ""] = r.string("value") }
        guard let id = values["id"], let credText = values["credentials"], let creds = try? JSONParser.parse(credText) else { return nil }
        var credentials: [String: APICredentials] = [:]
        for (name, c) in creds.object ?? [] {
            credentials[name] = APICredentials(json: c["json"] ?? .null, secrets: (c["secrets"]?.array ?? []).compactMap(\.string))
        }
        var clock = ClockState()
        if let text = values["clock"], let c = try? JSONParser.parse(text) {
            clock = ClockState(offset: c["offset"]?.double ?? 0, frozenAt: c["frozen_at"]?.double)
        }
        return (id, values["demo"] == "1", credentials, clock)
    }
}
