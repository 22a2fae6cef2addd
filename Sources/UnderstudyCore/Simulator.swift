import HTTP1
import Storage

/// The product's version, reported by `--version`, the ready line and `/__admin/health`.
public enum UnderstudyVersion {
    public static let current = "0.1.0"
}

/// Everything the simulator is made of besides the HTTP server.
public struct UnderstudyConfiguration: Sendable {
    /// Where and how to listen.
    public var server = ServerConfiguration()
    /// Keep every tenant in SQLite files here; nil keeps them in memory.
    public var dataDirectory: String?
    /// The seed world: a folder with one sub-folder per API.
    public var fixturesDirectory: String
    /// Start the clock frozen at this instant (seconds since 1970).
    public var startAt: Double?
    /// Requests kept in the journal.
    public var journalLimit = 10_000
    /// Bytes the journal may hold (bodies cut to `Journal.keptBodyBytes` each).
    public var journalBytes = Journal.defaultMaxBytes
    /// Keep credentials unmasked in the journal and logs (`SecretMask`).
    public var showSecrets = false
    /// When set, `/__admin` requires `X-Understudy-Admin-Token` with this value.
    public var adminToken: String?
    public var logFormat: Logger.Format = .text
    public var logLevel: Logger.Level = .info
    /// Scenarios loaded at start (`--scenarios`); `POST /__admin/reset` comes back to these.
    public var scenarios: [Scenario] = []
    /// Source of tenant ids, secrets and other random identifiers.
    public var ids: any IDGenerator = RandomIDGenerator()
    /// Source of real time (the simulated clock builds on it).
    public var wallClock: @Sendable () -> Double = { WallClock.now() }

    public init(fixturesDirectory: String) { self.fixturesDirectory = fixturesDirectory }
}

/// The simulated world: clock, tenants, journal and the APIs, shared by the router and the admin API.
public final class Simulator: Sendable {
    public let configuration: UnderstudyConfiguration
    public let clock: SimClock
    public let journal: Journal
    /// What of each API the requests so far exercised (counted for every request, emptied with the journal).
    public let coverage: Coverage
    public let logger: Logger
    public let registry: TenantRegistry
    /// Scripted failures and their counters.
    public let scenarios: ScenarioEngine
    /// The APIs in the order they were registered.
    public let apis: [any SimulatedAPI]
    private let apisByName: [String: any SimulatedAPI]
    /// Monotonic seconds at start, for `uptime_s`.
    public let startedAt: Double

    /// Builds the template (every API's schema and fixtures), opens or creates the tenants, and makes sure `demo` exists.
    public init(configuration: UnderstudyConfiguration, apis: [any SimulatedAPI]) throws {
        self.configuration = configuration
        startedAt = MonotonicTime.now()
        clock = SimClock(wall: configuration.wallClock, initial: ClockState(offset: 0, frozenAt: configuration.startAt))
        journal = Journal(limit: configuration.journalLimit, maxBytes: configuration.journalBytes)
        coverage = Coverage(apis: apis)
        scenarios = ScenarioEngine(scenarios: configuration.scenarios)
        logger = Logger(level: configuration.logLevel, format: configuration.logFormat, clock: clock)
        self.apis = apis
        apisByName = Dictionary(apis.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let template = try Self.buildTemplate(apis: apis, fixtures: configuration.fixturesDirectory)
        registry = try TenantRegistry(apis: apis, template: template, dataDirectory: configuration.dataDirectory,
                                      ids: configuration.ids, clock: clock, logger: logger)
    }

    /// The API mounted under a name.
    public func api(named name: String) -> (any SimulatedAPI)? { apisByName[name] }

    /// A database with every API's schema and seed world: what each new tenant is copied from.
    public static func buildTemplate(apis: [any SimulatedAPI], fixtures: String) throws -> Database {
        let db = try Database(.memory)
        try db.execute(TenantMeta.schema)
        let loading = TenantDatabase(db)
        for api in apis {
            try api.schema?.apply(db)
            try loading.transaction { try api.loadFixtures(into: loading, from: fixtures) }
        }
        db.releaseCache()   // from now on it is only copied from
        return db
    }

    /// Back to the start: every tenant but demo deleted, demo reseeded, clocks real, journal empty,
    /// admin-added scenarios gone and every scenario counter at zero.
    public func resetAll() throws {
        try registry.resetAll()
        clock.reset()
        journal.clear()
        coverage.reset()
        scenarios.reset()
    }

    /// Flushes every tenant database (on shutdown).
    public func shutdown() { registry.checkpointAll() }
}
