/// One API's tables at one version, made whole in a new database. A database made at another version is refused
/// (``SchemaVersionError``): there is no migration history to carry; a tenant file from another version is deleted
/// (its tenant starts again from the seed world) or opened by the version that wrote it.
///
/// The version of each group is kept in `_migrations (grp, version)`, the table earlier versions kept their
/// migration steps in, so files they wrote at the same schema still open.
public struct Schema: Sendable {
    /// The group, e.g. `"fleetio"`: several APIs keep their tables in one database.
    public let group: String
    /// Raise it whenever `sql` changes what a database holds.
    public let version: Int
    /// One or more SQL statements that make the tables, their indexes and statistics.
    public let sql: String

    public init(group: String, version: Int, sql: String) {
        self.group = group
        self.version = version
        self.sql = sql
    }

    /// Makes the schema in a database new to this group (in one transaction, recording the version); checks the
    /// version of one that has it.
    public func apply(_ db: Database) throws {
        try db.execute("CREATE TABLE IF NOT EXISTS _migrations (grp TEXT PRIMARY KEY, version INTEGER NOT NULL)")
        let found = try db.scalar("SELECT version FROM _migrations WHERE grp = ?", [group]).int ?? 0
        if found == version { return }
        guard found == 0 else { throw SchemaVersionError(group: group, found: found, expected: version) }
        try db.transaction {
            try db.execute(sql)
            try db.run("INSERT INTO _migrations (grp, version) VALUES (?, ?)", [group, version])
        }
    }
}

/// A database whose schema for a group was made by another version.
public struct SchemaVersionError: Error, CustomStringConvertible, Sendable {
    public let group: String
    public let found: Int
    public let expected: Int

    public var description: String {
        "its \(group) schema is version \(found), this version of Understudy makes version \(expected)"
    }
}
