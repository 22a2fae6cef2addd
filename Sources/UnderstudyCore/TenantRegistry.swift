import Foundation
import Storage

/// Every tenant, the secrets that find them, their snapshots, and the template they are copied from.
///
/// A fresh tenant is a copy of the template database (schema + fixtures, built once) made with SQLite's backup API,
/// so creating, resetting and restoring cost about a millisecond. With a data directory each tenant is a WAL file
/// under `tenants/`, and its snapshots files under `snapshots/<tenant>/`.
public final class TenantRegistry: CredentialDirectory, Sendable {
    /// The tenant that always exists.
    public static let demoID = "demo"
    /// Longest tenant id or snapshot name.
    public static let maxNameLength = 64

    private struct State {
        var tenants: [String: Tenant] = [:]
        /// api → secret → tenant id.
        var secrets: [String: [String: String]] = [:]
        /// tenant id → snapshot name → image.
        var snapshots: [String: [String: Locked<Database>]] = [:]
    }

    private let apis: [any SimulatedAPI]
    private let template: Locked<Database>
    private let dataDirectory: String?
    private let ids: any IDGenerator
    private let clock: SimClock
    private let logger: Logger?
    private let state = Locked(State())

    /// What a database file is built under before it takes its name: a file with this in its name is one a crash
    /// interrupted, and is removed at start.
    public static let buildingSuffix = ".building"

    /// `template` must already hold every API's schema and fixtures. With a data directory, files there that are
    /// not tenants (half made, foreign, unreadable) are skipped with a warning on `logger` naming each.
    public init(apis: [any SimulatedAPI], template: Database, dataDirectory: String?, ids: any IDGenerator, clock: SimClock,
                logger: Logger? = nil) throws {
        self.apis = apis
        self.template = Locked(template)
        self.dataDirectory = dataDirectory
        self.ids = ids
        self.clock = clock
        self.logger = logger
        if let dataDirectory {
            for sub in ["tenants", "snapshots"] {
                try FileManager.default.createDirectory(atPath: "\(dataDirectory)/\(sub)", withIntermediateDirectories: true)
            }
            try reopenPersistedTenants()
        }
        if tenant(Self.demoID) == nil { _ = try create(id: Self.demoID) }
    }

    // MARK: - Lookup

    public func tenant(_ id: String) -> Tenant? { state.withLock { $0.tenants[id] } }

    public func tenantID(api: String, secret: String) -> String? { state.withLock { $0.secrets[api]?[secret] } }

    public var count: Int { state.withLock { $0.tenants.count } }

    public var allTenants: [Tenant] { state.withLock { Array($0.tenants.values) } }

    /// The tenant object of docs/INTERFACE.md: id, every API's credentials, and seeded ids.
    public func object(for tenant: Tenant) throws -> JSON {
        var members: [(String, JSON)] = [("id", .string(tenant.id))]
        for api in apis { members.append((api.name, tenant.credentials[api.name]?.json ?? .null)) }
        let fixtures: [(String, JSON)] = try tenant.withDatabase { db in try apis.map { ($0.name, try $0.fixtureIDs(in: db)) } }
        members.append(("fixtures", .object(fixtures)))
        return .object(members)
    }

    // MARK: - Create, delete, reset

    /// Creates a tenant from the template, or from a snapshot named `name` or `tenant/name`.
    public func create(id requested: String? = nil, fromSnapshot: String? = nil) throws -> Tenant {
        let id = requested ?? ids.token("t_")
        try Self.validateName(id, what: "id")
        if tenant(id) != nil { throw AdminError.badRequest("tenant \(id) already exists") }
        let image = try fromSnapshot.map { try findSnapshot($0) } ?? template
        let isDemo = id == Self.demoID
        var credentials: [String: APICredentials] = [:]
        for api in apis { credentials[api.name] = api.makeCredentials(tenantID: id, isDemo: isDemo, ids: ids) }
        let database: Database
        if let path = tenantPath(id) {
            // Built under a temporary name and renamed when complete, so a crash never leaves a half-made tenant.
            database = try Self.buildFile(at: path) { db in
                try install(image, id: id, isDemo: isDemo, credentials: credentials, clock: ClockState(), into: TenantDatabase(db))
            }
        } else {
            database = try Database(.memory)
            try install(image, id: id, isDemo: isDemo, credentials: credentials, clock: ClockState(), into: TenantDatabase(database))
        }
        let tenant = Tenant(id: id, isDemo: isDemo, credentials: credentials, database: database)
        try state.withLock { s in
            if s.tenants[id] != nil { throw AdminError.badRequest("tenant \(id) already exists") }
            s.tenants[id] = tenant
            register(tenant, in: &s)
        }
        return tenant
    }

    /// Deletes a tenant, its files and its snapshots. The demo tenant cannot be deleted.
    public func delete(_ id: String) throws {
        if id == Self.demoID { throw AdminError.badRequest("the demo tenant cannot be deleted") }
        let removed = state.withLock { s -> Tenant? in
            guard let t = s.tenants.removeValue(forKey: id) else { return nil }
            s.secrets = s.secrets.mapValues { $0.filter { $0.value != id } }
            s.snapshots[id] = nil
            return t
        }
        guard removed != nil else { throw AdminError.notFound("no such tenant: \(id)") }
        if let path = tenantPath(id) { Self.removeDatabaseFiles(path) }
        if let dir = snapshotDirectory(id) { try? FileManager.default.removeItem(atPath: dir) }
    }

    /// Puts a tenant back to the seed world (its clock too); its secrets stay.
    public func reset(_ id: String) throws {
        guard let t = tenant(id) else { throw AdminError.notFound("no such tenant: \(id)") }
        try install(template, into: t)
        try t.resetClock()
    }

    /// Every tenant but demo deleted, demo back to the seed world, every snapshot dropped.
    public func resetAll() throws {
        for t in allTenants where t.id != Self.demoID { try delete(t.id) }
        state.withLock { $0.snapshots = [:] }
        if let dir = snapshotDirectory(Self.demoID) { try? FileManager.default.removeItem(atPath: dir) }
        try reset(Self.demoID)
    }

    // MARK: - Snapshots

    /// Saves the tenant's whole database under a name (replacing one of the same name).
    public func snapshot(_ id: String, name: String) throws {
        try Self.validateName(name, what: "name")
        guard let t = tenant(id) else { throw AdminError.notFound("no such tenant: \(id)") }
        let image: Database
        if let dir = snapshotDirectory(id) {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            image = try t.withDatabase { db in try Self.buildFile(at: "\(dir)/\(name).sqlite") { try db.sqlite.copy(into: $0) } }
        } else {
            image = try t.withDatabase { try $0.sqlite.snapshot() }
        }
        state.withLock { $0.snapshots[id, default: [:]][name] = Locked(image) }
    }

    /// Puts a tenant back to a snapshot of its own.
    public func restore(_ id: String, name: String) throws {
        guard let t = tenant(id) else { throw AdminError.notFound("no such tenant: \(id)") }
        guard let image = state.withLock({ $0.snapshots[id]?[name] }) else {
            throw AdminError.notFound("tenant \(id) has no snapshot \(name)")
        }
        try install(image, into: t)
    }

    /// Snapshot names of a tenant.
    public func snapshotNames(_ id: String) -> [String] { state.withLock { ($0.snapshots[id] ?? [:]).keys.sorted() } }

    private func findSnapshot(_ ref: String) throws -> Locked<Database> {
        let parts = ref.split(separator: "/", maxSplits: 1).map(String.init)
        return try state.withLock { s in
            if parts.count == 2 {
                guard let image = s.snapshots[parts[0]]?[parts[1]] else { throw AdminError.notFound("no such snapshot: \(ref)") }
                return image
            }
            let hits = s.snapshots.compactMap { $0.value[ref] }
            if hits.count > 1 { throw AdminError.badRequest("snapshot name \(ref) is used by several tenants: say tenant/\(ref)") }
            guard let image = hits.first else { throw AdminError.notFound("no such snapshot: \(ref)") }
            return image
        }
    }

    // MARK: - Internals

    private func install(_ image: Locked<Database>, into tenant: Tenant) throws {
        try tenant.withDatabase { db in
            tenant.markChanged()
            try install(image, id: tenant.id, isDemo: tenant.isDemo, credentials: tenant.credentials, clock: tenant.clock, into: db)
        }
    }

    /// Copies an image into a database and writes the tenant's own rows (who it is, its secrets, each API's
    /// preparation) there.
    private func install(_ image: Locked<Database>, id: String, isDemo: Bool, credentials: [String: APICredentials],
                         clock: ClockState, into db: TenantDatabase) throws {
        try image.withLock { try $0.copy(into: db.sqlite) }
        try TenantMeta.write(id: id, isDemo: isDemo, credentials: credentials, clock: clock, to: db)
        for api in apis {
            if let c = credentials[api.name] { try api.prepare(db, credentials: c) }
        }
    }

    /// Makes a database file at `path` all at once: `fill` writes it under a temporary name, which is checkpointed,
    /// closed, flushed to disk and only then renamed to `path` (rename(2) within one file system is atomic: the
    /// name shows the old file or the new one, never a mix). A failure (disk full) removes the temporary file and leaves nothing at `path`; a crash leaves only
    /// the temporary, which the next start removes. Returns the finished database, opened at `path`.
    static func buildFile(at path: String, _ fill: (Database) throws -> Void) throws -> Database {
        let building = path + buildingSuffix
        removeDatabaseFiles(building)
        do {
            do {
                let db = try Database(.file(building))
                try fill(db)
                try db.checkpoint()
            }   // closed here: SQLite removes the WAL of a cleanly closed database
            try DurableFile.sync(building)
            removeDatabaseFiles(path)
            try DurableFile.rename(building, to: path)
        } catch {
            removeDatabaseFiles(building)
            throw error
        }
        return try Database(.file(path))
    }

    private func register(_ tenant: Tenant, in s: inout State) {
        for (api, c) in tenant.credentials {
            for secret in c.secrets { s.secrets[api, default: [:]][secret] = tenant.id }
        }
    }

    private func reopenPersistedTenants() throws {
        guard let dataDirectory else { return }
        let dir = "\(dataDirectory)/tenants"
        for file in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
            let path = "\(dir)/\(file)"
            if file.contains(Self.buildingSuffix) {
                // Left by a crash while a tenant was being made: it never existed for any client.
                try? FileManager.default.removeItem(atPath: path)
                continue
            }
            guard file.hasSuffix(".sqlite") else { continue }
            let t: Tenant
            do {
                t = try reopen(path)
            } catch let e as OtherVersionFile {
                throw e
            } catch {
                logger?.log(.warning, "skipping \(path): not a tenant database this version can open (\(error)); move it away or delete it", [("file", .string(path))])
                continue
            }
            if let known = tenant(t.id) {
                logger?.log(.warning, "skipping \(path): tenant \(t.id) is already open from another file", [("file", .string(path)), ("tenant", .string(known.id))])
                continue
            }
            state.withLock { s in
                s.tenants[t.id] = t
                register(t, in: &s)
            }
            reopenSnapshots(of: t.id)
        }
    }

    /// A tenant file another version of Understudy wrote: refused at start (the data in it is the user's), naming
    /// the file and what to do.
    struct OtherVersionFile: Error, CustomStringConvertible {
        let path: String
        let error: SchemaVersionError
        var description: String {
            "\(path): \(error); delete it (that tenant starts again from the seed world) or run the version that wrote it"
        }
    }

    /// A database file whose `_tenant` table does not say who it is.
    private struct NotATenant: Error, CustomStringConvertible {
        var description: String { "its _tenant table names no tenant" }
    }

    /// A tenant database from a data directory, checked against this version's schemas.
    private func reopen(_ path: String) throws -> Tenant {
        let db = try Database(.file(path))
        guard let meta = try TenantMeta.read(from: db) else { throw NotATenant() }
        for api in apis {
            do { try api.schema?.apply(db) } catch let e as SchemaVersionError { throw OtherVersionFile(path: path, error: e) }
        }
        return Tenant(id: meta.id, isDemo: meta.isDemo, credentials: meta.credentials, database: db, clock: meta.clock)
    }

    private func reopenSnapshots(of id: String) {
        guard let snapDir = snapshotDirectory(id), let names = try? FileManager.default.contentsOfDirectory(atPath: snapDir) else { return }
        for n in names.sorted() {
            let path = "\(snapDir)/\(n)"
            if n.contains(Self.buildingSuffix) {
                try? FileManager.default.removeItem(atPath: path)
                continue
            }
            guard n.hasSuffix(".sqlite") else { continue }
            do {
                let image = try Database(.file(path))
                _ = try image.scalar("SELECT count(*) FROM _tenant")
                state.withLock { $0.snapshots[id, default: [:]][String(n.dropLast(7))] = Locked(image) }
            } catch {
                logger?.log(.warning, "skipping snapshot \(path): not a tenant database (\(error))", [("file", .string(path))])
            }
        }
    }

    /// Writes every tenant's WAL back into its file (on shutdown).
    public func checkpointAll() {
        for t in allTenants { t.withDatabase { try? $0.sqlite.checkpoint() } }
    }

    private func tenantPath(_ id: String) -> String? { dataDirectory.map { "\($0)/tenants/\(id).sqlite" } }
    private func snapshotDirectory(_ id: String) -> String? { dataDirectory.map { "\($0)/snapshots/\(id)" } }

    private static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Tenant ids and snapshot names: 1...64 of letters, digits, `_`, `-` and `.` (not starting with `.`).
    static func validateName(_ name: String, what: String) throws {
        let ok = !name.isEmpty && name.count <= maxNameLength && !name.hasPrefix(".")
            && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F || $0 == 0x2D || $0 == 0x2E }
        if !ok { throw AdminError.badRequest("\(what) must be 1 to \(maxNameLength) letters, digits, '_', '-' or '.'") }
    }
}
