/// One schema step. Migrations run in `version` order; each runs once per database.
public struct Migration: Sendable {
    /// Strictly increasing across a migrator's list.
    public let version: Int
    /// What it does, for error messages.
    public let name: String
    /// One or more SQL statements.
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Applies ordered migrations, tracking progress per named group in `_migrations`, so several
/// modules (one per simulated API) can each own their own numbered list in one database.
public struct Migrator: Sendable {
    /// The group name, e.g. `"fleetio"`.
    public let group: String
    /// The steps, in any order; they are sorted by version.
    public let migrations: [Migration]
    /// The schema the steps reach, made in one step: a database new to this group gets it instead of every step
    /// (each of which rebuilt tables and indexes an earlier one had just made). Its version is the last step's.
    public let baseline: Migration?

    public init(group: String, migrations: [Migration], baseline: Migration? = nil) {
        let sorted = migrations.sorted { $0.version < $1.version }
        self.group = group
        self.migrations = sorted
        // A baseline that does not reach the last step would leave a new database behind: the steps run instead.
        self.baseline = baseline.flatMap { $0.version == sorted.last?.version ? $0 : nil }
    }

    /// Applies every migration newer than the database's recorded version for this group, each in its own
    /// transaction; a database new to the group gets the baseline alone when there is one.
    public func migrate(_ db: Database) throws {
        try db.execute("CREATE TABLE IF NOT EXISTS _migrations (grp TEXT PRIMARY KEY, version INTEGER NOT NULL)")
        let current = try db.scalar("SELECT version FROM _migrations WHERE grp = ?", [group]).int ?? 0
        var steps = migrations.filter { $0.version > current }
        if current == 0, let baseline { steps = [baseline] }
        for m in steps {
            try db.transaction {
                try db.execute(m.sql)
                try db.run("INSERT INTO _migrations (grp, version) VALUES (?, ?) ON CONFLICT(grp) DO UPDATE SET version = excluded.version", [group, m.version])
            }
        }
    }
}
