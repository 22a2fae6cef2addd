import Foundation
import Storage
import Testing

@Suite struct DatabaseTests {
    private func people() throws -> Database {
        let db = try Database()
        try db.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER, photo BLOB, score REAL)")
        return db
    }

    @Test func twoInMemoryDatabasesNeverShareRows() throws {
        let a = try people()
        let b = try people()
        try a.run("INSERT INTO people (name) VALUES (?)", ["only in a"])
        #expect(try b.first("SELECT count(*) AS n FROM people")?.int("n") == 0)
    }

    @Test func anInMemoryDatabaseMayGrowPastMemdbsOneGibibyteDefault() throws {
        let db = try Database()
        #expect(db.memorySizeLimit == Database.memoryLimitBytes)
        #expect(Database.memoryLimitBytes > 1 << 30)
    }

    @Test func boundValuesComeBackWithTheirTypes() throws {
        let db = try people()
        try db.run("INSERT INTO people (name, age, photo, score) VALUES (?, ?, ?, ?)", ["Ann", 41, [UInt8]([0, 1, 255]), 2.5])
        let row = try #require(try db.first("SELECT * FROM people"))
        #expect(row["name"] == .text("Ann"))
        #expect(row["age"] == .integer(41))
        #expect(row["photo"] == .blob([0, 1, 255]))
        #expect(row["score"] == .real(2.5))
    }

    @Test func anEmptyStringBindsAsEmptyTextNotNull() throws {
        let db = try people()
        try db.run("INSERT INTO people (name) VALUES (?)", [""])
        #expect(try db.scalar("SELECT name FROM people") == .text(""))
    }

    @Test func boundTextKeepsEveryByteIncludingNULAndNonASCII() throws {
        let db = try people()
        let name = "a\u{0}b ünïcødé 🚚"
        try db.run("INSERT INTO people (name) VALUES (?)", [name])
        #expect(try db.scalar("SELECT length(CAST(name AS BLOB)) FROM people") == .integer(Int64(name.utf8.count)))
        #expect(try db.scalar("SELECT name FROM people") == .text(name))
    }

    @Test func aSmallBoundStringIsReadBackByEquality() throws {
        // Strings of up to 15 UTF-8 bytes live inside the String value itself: binding copies them out correctly.
        let db = try people()
        try db.run("INSERT INTO people (name) VALUES (?)", ["Ann"])
        #expect(try db.first("SELECT count(*) AS n FROM people WHERE name = ?", ["Ann"])?.int("n") == 1)
    }

    @Test func aStatementRunAgainWithOtherValuesKeepsNoEarlierBinding() throws {
        let db = try people()
        try db.run("INSERT INTO people (name, age) VALUES (?, ?)", ["Ann", 41])
        let none: Int? = nil
        try db.run("INSERT INTO people (name, age) VALUES (?, ?)", ["Bob", none])
        #expect(try db.scalar("SELECT age FROM people WHERE name = 'Bob'").isNull)
    }

    @Test func secureDeleteIsOffOnEveryConnection() throws {
        let db = try Database()
        #expect(try db.scalar("PRAGMA secure_delete") == .integer(0))
    }

    @Test func nilBindsAsNull() throws {
        let db = try people()
        let age: Int? = nil
        try db.run("INSERT INTO people (name, age) VALUES (?, ?)", ["Bob", age])
        #expect(try db.scalar("SELECT age FROM people").isNull)
    }

    @Test func textWithQuotesIsNeverInterpretedAsSQL() throws {
        let db = try people()
        let hostile = "x'); DROP TABLE people; --"
        try db.run("INSERT INTO people (name) VALUES (?)", [hostile])
        #expect(try db.scalar("SELECT name FROM people") == .text(hostile))
    }

    @Test func uniqueViolationIsTyped() throws {
        let db = try people()
        try db.run("INSERT INTO people (name) VALUES (?)", ["Ann"])
        do {
            try db.run("INSERT INTO people (name) VALUES (?)", ["Ann"])
            Issue.record("expected a constraint error")
        } catch let e as SQLiteError {
            #expect(e.isUniqueViolation)
            #expect(e.isConstraintViolation)
        }
    }

    @Test func wrongParameterCountIsAnError() throws {
        let db = try people()
        #expect(throws: SQLiteError.self) { try db.run("INSERT INTO people (name) VALUES (?)", []) }
    }

    @Test func syntaxErrorNamesTheStatement() throws {
        let db = try people()
        do {
            _ = try db.query("SELEC nothing")
            Issue.record("expected an error")
        } catch let e as SQLiteError {
            #expect(e.sql == "SELEC nothing")
        }
    }

    @Test func transactionRollsBackWhenTheBodyThrows() throws {
        let db = try people()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.run("INSERT INTO people (name) VALUES (?)", ["Gone"])
                throw Boom()
            }
        }
        #expect(try db.scalar("SELECT count(*) FROM people") == .integer(0))
    }

    @Test func nestedTransactionRollsBackOnlyItsOwnPart() throws {
        let db = try people()
        struct Boom: Error {}
        try db.transaction {
            try db.run("INSERT INTO people (name) VALUES (?)", ["Kept"])
            try? db.transaction {
                try db.run("INSERT INTO people (name) VALUES (?)", ["Dropped"])
                throw Boom()
            }
        }
        #expect(try db.query("SELECT name FROM people").map { $0.string("name") } == ["Kept"])
    }

    private func names(_ db: Database) throws -> [String] {
        try db.query("SELECT name FROM people ORDER BY id").compactMap { $0.string("name") }
    }

    @Test func copyReplacesTheDestinationWholly() throws {
        let source = try people()
        try source.run("INSERT INTO people (name) VALUES (?)", ["Source"])
        let dest = try Database()
        try dest.execute("CREATE TABLE other (x)")
        try source.copy(into: dest)
        #expect(try dest.scalar("SELECT name FROM people") == .text("Source"))
        #expect(try dest.query("SELECT name FROM sqlite_master WHERE name = 'other'").isEmpty)
    }

    @Test func statementsPreparedBeforeACopyReadTheCopiedRows() throws {
        let source = try people()
        try source.run("INSERT INTO people (name) VALUES (?)", ["Copied"])
        let dest = try people()
        try dest.run("INSERT INTO people (name) VALUES (?)", ["Overwritten"])
        #expect(try dest.scalar("SELECT name FROM people") == .text("Overwritten"))
        try source.copy(into: dest)
        #expect(try dest.scalar("SELECT name FROM people") == .text("Copied"))
    }

    @Test func aCopiedInMemoryDatabaseGrowsPastItsImageAndKeepsItsSizeLimit() throws {
        let source = try people()
        let dest = try Database()
        try source.copy(into: dest)
        try dest.transaction {
            for i in 0..<2_000 { try dest.run("INSERT INTO people (name) VALUES (?)", [String(repeating: "x", count: 1_000) + "\(i)"]) }
        }
        #expect(try dest.scalar("SELECT count(*) FROM people") == .integer(2_000))
        #expect(dest.memorySizeLimit == Database.memoryLimitBytes)
    }

    @Test func copyingAnEmptyInMemoryDatabaseEmptiesTheDestination() throws {
        let dest = try people()
        try Database().copy(into: dest)
        #expect(try dest.query("SELECT name FROM sqlite_master").isEmpty)
    }

    @Test func snapshotIsIndependentOfItsSource() throws {
        let db = try people()
        try db.run("INSERT INTO people (name) VALUES (?)", ["Before"])
        let snap = try db.snapshot()
        try db.run("INSERT INTO people (name) VALUES (?)", ["After"])
        #expect(try snap.scalar("SELECT count(*) FROM people") == .integer(1))
    }

    @Test func fileDatabaseUsesWALAndKeepsCommittedRows() throws {
        let path = NSTemporaryDirectory() + "understudy-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        do {
            let db = try Database(.file(path))
            #expect(try db.scalar("PRAGMA journal_mode") == .text("wal"))
            try db.execute("CREATE TABLE t (v)")
            try db.run("INSERT INTO t VALUES (?)", ["kept"])
        }
        let reopened = try Database(.file(path))
        #expect(try reopened.scalar("SELECT v FROM t") == .text("kept"))
    }

    @Test func copyIntoAFileDatabaseKeepsWAL() throws {
        let path = NSTemporaryDirectory() + "understudy-\(UUID().uuidString).sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let source = try people()
        try source.run("INSERT INTO people (name) VALUES (?)", ["Copied"])
        let file = try Database(.file(path))
        try source.copy(into: file)
        #expect(try file.scalar("PRAGMA journal_mode") == .text("wal"))
        #expect(try file.scalar("SELECT name FROM people") == .text("Copied"))
    }

    @Test func foreignKeysAreEnforced() throws {
        let db = try Database()
        try db.execute("CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (a_id INTEGER REFERENCES a(id))")
        #expect(throws: SQLiteError.self) { try db.run("INSERT INTO b VALUES (?)", [42]) }
    }
}

/// One schema per group at one version: made in a new database, checked in one that has it, refused when another
/// version made it.
@Suite struct SchemaTests {
    @Test func aNewDatabaseGetsTheSchemaAndItsVersion() throws {
        let db = try Database()
        try Schema(group: "g", version: 4, sql: "CREATE TABLE t (a, b)").apply(db)
        #expect(try db.query("PRAGMA table_info(t)").count == 2)
        #expect(try db.scalar("SELECT version FROM _migrations WHERE grp = 'g'").int == 4)
    }

    @Test func theSameVersionAgainChangesNothing() throws {
        let db = try Database()
        let schema = Schema(group: "g", version: 1, sql: "CREATE TABLE t (a)")
        try schema.apply(db)
        try db.run("INSERT INTO t VALUES (1)")
        try schema.apply(db)
        #expect(try db.scalar("SELECT count(*) FROM t").int == 1)
    }

    @Test(arguments: [1, 3])
    func aDatabaseAnotherVersionMadeIsRefusedNamingBothVersions(_ other: Int) throws {
        let db = try Database()
        try Schema(group: "g", version: other, sql: "CREATE TABLE t (a)").apply(db)
        let error = #expect(throws: SchemaVersionError.self) { try Schema(group: "g", version: 2, sql: "CREATE TABLE u (a)").apply(db) }
        #expect(error?.description == "its g schema is version \(other), this version of Understudy makes version 2")
        #expect(try db.query("SELECT name FROM sqlite_master WHERE name = 'u'").isEmpty)
    }

    @Test func groupsAreTrackedSeparately() throws {
        let db = try Database()
        try Schema(group: "one", version: 1, sql: "CREATE TABLE a (x)").apply(db)
        try Schema(group: "two", version: 7, sql: "CREATE TABLE b (x)").apply(db)
        #expect(try db.query("SELECT grp, version FROM _migrations ORDER BY grp").map { "\($0.string("grp") ?? "") \($0.int("version") ?? 0)" } == ["one 1", "two 7"])
    }

    @Test func aFailingSchemaLeavesNoTrace() throws {
        let db = try Database()
        #expect(throws: SQLiteError.self) { try Schema(group: "g", version: 1, sql: "CREATE TABLE t (a); NOT SQL").apply(db) }
        #expect(try db.query("SELECT name FROM sqlite_master WHERE name = 't'").isEmpty)
        #expect(try db.scalar("SELECT count(*) FROM _migrations").int == 0)
    }
}

/// Reading a stored number as an integer never traps, whatever a client stored.
@Suite struct SQLValueTests {
    @Test func aRealBeyondIntIsNoInteger() {
        #expect(SQLValue.real(1e300).int == nil)
        #expect(SQLValue.real(-1e19).int == nil)
        #expect(SQLValue.real(.nan).int == nil)
        #expect(SQLValue.real(.infinity).int == nil)
        #expect(SQLValue.real(7.9).int == 7)
        #expect(SQLValue.real(-7.9).int == -7)
    }
}
