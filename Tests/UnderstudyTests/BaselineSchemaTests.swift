import Storage
import Testing
import UnderstudyApp
import UnderstudyCore

/// A new database gets each API's baseline (its schema made in one step) instead of every migration: it must be the
/// schema the migrations make, to the last column, index, partial index and statistic.
@Suite struct BaselineSchemaTests {
    /// What a database holds for its tables: columns, indexes (with their columns, uniqueness and `WHERE`), statistics.
    static func schema(_ db: Database) throws -> [String] {
        var out: [String] = []
        for table in try db.query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name") {
            let name = table.string("name") ?? ""
            let columns = try db.query("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?) ORDER BY cid", [name])
            out.append("table \(name): " + columns.map { $0.values.map { "\($0)" }.joined(separator: " ") }.joined(separator: ", "))
        }
        for index in try db.query("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name") {
            let name = index.string("name") ?? ""
            let columns = try db.query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [name]).compactMap { $0.string("name") }
            // An index's text names its table as made; the rebuild renames the table, not its indexes' text.
            let sql = index.string("sql") ?? ""
            let condition = sql.range(of: " WHERE ").map { String(sql[$0.upperBound...]) } ?? ""
            out.append("index \(name) on \(index.string("tbl_name") ?? ""): \(columns) \(condition)")
        }
        guard try db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'").int == 1 else { return out }
        let stats = try db.query("SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx").map { $0.values.map { "\($0)" }.joined(separator: " ") }
        return out + stats
    }

    static func migrated(_ api: any SimulatedAPI, baseline: Bool) throws -> Database {
        let db = try Database(.memory)
        try Migrator(group: api.name, migrations: api.migrations, baseline: baseline ? api.baseline : nil).migrate(db)
        return db
    }

    @Test(arguments: Launcher.standardAPIs().map(\.name))
    func theBaselineIsTheSchemaTheMigrationsMake(_ name: String) throws {
        let api = try #require(Launcher.standardAPIs().first { $0.name == name })
        #expect(api.baseline != nil)
        let stepByStep = try Self.schema(Self.migrated(api, baseline: false))
        let atOnce = try Self.schema(Self.migrated(api, baseline: true))
        #expect(atOnce == stepByStep)
        #expect(stepByStep.count > 5)
    }

    @Test func aDatabaseWithAnEarlierVersionRunsTheStepsNotTheBaseline() throws {
        let db = try Database(.memory)
        let first = Migration(version: 1, name: "one", sql: "CREATE TABLE a (x);")
        let second = Migration(version: 2, name: "two", sql: "ALTER TABLE a ADD COLUMN y;")
        try Migrator(group: "g", migrations: [first]).migrate(db)
        try Migrator(group: "g", migrations: [first, second], baseline: Migration(version: 2, name: "base", sql: "CREATE TABLE b (z);")).migrate(db)
        #expect(try db.query("SELECT name FROM pragma_table_info('a')").compactMap { $0.string("name") } == ["x", "y"])
        #expect(try db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'b'").int == 0)
    }

    @Test func aNewDatabaseGetsTheBaselineAndItsVersion() throws {
        let db = try Database(.memory)
        let steps = [Migration(version: 1, name: "one", sql: "CREATE TABLE a (x);"), Migration(version: 2, name: "two", sql: "ALTER TABLE a ADD COLUMN y;")]
        try Migrator(group: "g", migrations: steps, baseline: Migration(version: 2, name: "base", sql: "CREATE TABLE a (x, y, z);")).migrate(db)
        #expect(try db.query("SELECT name FROM pragma_table_info('a')").compactMap { $0.string("name") } == ["x", "y", "z"])
        #expect(try db.scalar("SELECT version FROM _migrations WHERE grp = 'g'").int == 2)
    }

    @Test func aBaselineThatDoesNotReachTheLastStepIsNotUsed() throws {
        let db = try Database(.memory)
        let steps = [Migration(version: 1, name: "one", sql: "CREATE TABLE a (x);"), Migration(version: 2, name: "two", sql: "ALTER TABLE a ADD COLUMN y;")]
        try Migrator(group: "g", migrations: steps, baseline: Migration(version: 1, name: "old", sql: "CREATE TABLE a (q);")).migrate(db)
        #expect(try db.query("SELECT name FROM pragma_table_info('a')").compactMap { $0.string("name") } == ["x", "y"])
    }
}
