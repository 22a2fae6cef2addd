import Storage
import Testing
@testable import UnderstudyCore

/// The records table is a rowid table (new records are appended at the end of its B-tree); a database an earlier
/// version made with a `WITHOUT ROWID` table keyed on (kind, seq) is rebuilt by ``RecordTable/rowidMigration(version:)``.
@Suite struct RecordTableRebuildTests {
    typealias T = RecordIndexTests
    static let table = RecordTable("t_records", columns: T.columns, composites: [["status", "priority"]], sparse: ["owner"])
    /// Every migration of `table` before the rebuild, and the rebuild.
    static let earlier: [Migration] = [table.columnMigration(version: 3), table.compositeMigration(version: 4), table.partialIndexMigration(version: 5)]
    static let rebuild = table.rowidMigration(version: 6)

    /// A database as versions before the rebuild left it (their first migration, then the later ones) with 60 tickets
    /// and one user.
    static func withoutRowid() throws -> Database {
        let db = try Database(.memory)
        let first = Migration(version: 1, name: "create t_records", sql: """
            CREATE TABLE t_records (kind TEXT NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL,
                                   PRIMARY KEY (kind, seq)) WITHOUT ROWID;
            CREATE UNIQUE INDEX t_records_key ON t_records (kind, key);
            CREATE TABLE t_records_sequences (kind TEXT PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID;
            """)
        try Migrator(group: "t", migrations: [first] + earlier).migrate(db)
        let store = RecordStore(db, table: table)
        for i in 1...60 { try store.insert("ticket", seq: i, key: String(i), doc: T.doc(i)) }
        try store.insert("user", seq: 1, key: "u-1", doc: ["name": "Ann"])
        return db
    }

    static func migrate(_ db: Database) throws {
        try Migrator(group: "t", migrations: RecordStore.migrations(table: table) + earlier + [rebuild]).migrate(db)
    }

    /// Every record with every column, in (kind, seq) order.
    static func rows(_ db: Database) throws -> [[SQLValue]] {
        try db.query("SELECT kind, seq, key, doc, " + table.columns.map(RecordTable.column).joined(separator: ", ")
                     + " FROM t_records ORDER BY kind, seq").map(\.values)
    }

    static func isRowidTable(_ db: Database) throws -> Bool {
        try !(db.scalar("SELECT sql FROM sqlite_schema WHERE name = 't_records'").string ?? "WITHOUT ROWID").contains("WITHOUT ROWID")
    }

    @Test func aNewDatabasesRecordsTableIsARowidTable() throws {
        #expect(try Self.isRowidTable(T.store(Self.table).db))
    }

    @Test func aTableMadeWithoutRowidIsRebuiltKeepingEveryRecordAndItsColumns() throws {
        let db = try Self.withoutRowid()
        let before = try Self.rows(db)
        #expect(try !Self.isRowidTable(db))
        try Self.migrate(db)
        #expect(try Self.isRowidTable(db))
        #expect(try Self.rows(db) == before)
        #expect(before.count == 61)
    }

    @Test func theRebuiltTableHasEveryIndexAndThePartialOnesStayPartial() throws {
        let db = try Self.withoutRowid()
        try Self.migrate(db)
        let indexes = try db.query("PRAGMA index_list(t_records)")
        let names = Set(indexes.compactMap { $0.string("name") })
        #expect(names.isSuperset(of: ["t_records_seq", "t_records_key", "t_records_x_status", "t_records_x_owner", "t_records_x_status_x_priority"]))
        #expect(try T.isPartial("t_records_x_owner", in: db))
        #expect(try T.isPartial("t_records_x_status_x_priority", in: db))
        #expect(try T.isPartial("t_records_key", in: db))
        #expect(try !T.isPartial("t_records_x_status", in: db))
    }

    @Test func aRebuiltTableStillServesReadsWritesAndFilters() throws {
        let db = try Self.withoutRowid()
        try Self.migrate(db)
        let store = RecordStore(db, table: Self.table)
        #expect(try store.get("ticket", key: "42")?.doc == T.doc(42))
        try store.insert("ticket", seq: 61, key: "61", doc: T.doc(61))
        var q = RecordQuery(kind: "ticket")
        q.newestFirst = true
        q.limit = 2
        #expect(try store.list(q).map(\.seq) == [61, 60])
        var open = RecordQuery(kind: "ticket")
        open.conditions = [.compare(T.status, .eq, [.text("open")]), .compare(T.priority, .eq, [.integer(1)])]
        #expect(try store.countPlan(open).contains("t_records_x_status_x_priority"))
        #expect(try store.count(open) == (1...61).filter { $0 % 3 == 0 && $0 % 7 != 0 && $0 % 5 != 0 && $0 % 4 + 1 == 1 }.count)
    }

    @Test func aRebuiltTableStillRefusesARepeatedSequenceOrKey() throws {
        let db = try Self.withoutRowid()
        try Self.migrate(db)
        let store = RecordStore(db, table: Self.table)
        #expect(throws: SQLiteError.self) { try store.insert("ticket", seq: 5, key: "new", doc: [:]) }
        #expect(throws: SQLiteError.self) { try store.insert("ticket", seq: 99, key: "5", doc: [:]) }
        try store.insert("user", seq: 5, key: "5", doc: [:])
    }

    @Test func aKindsPageWalksTheSequenceIndexWithoutSorting() throws {
        let store = try T.store(Self.table)
        var q = RecordQuery(kind: "ticket")
        q.limit = 5
        let plan = try store.listPlan(q)
        #expect(plan.contains("t_records_seq"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
    }

    @Test func recordsAreStoredInTheOrderTheyWereWritten() throws {
        let store = try T.store(Self.table)
        let rowids = try store.db.query("SELECT rowid FROM t_records WHERE kind = 'ticket' ORDER BY seq").compactMap { $0.values.first?.int }
        #expect(rowids.count == 60)
        #expect(rowids == rowids.sorted())
    }
}
