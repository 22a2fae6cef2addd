import Storage
import Testing
@testable import UnderstudyCore

/// `TenantDatabase.deferInsert`: inside a batch, rows wait to go in together, and nothing can tell they waited.
@Suite struct PendingRowsTests {
    private static let head = "INSERT INTO people (name, age)"
    private static let row = "(?, ?)"

    private func people() throws -> TenantDatabase { try PeopleTable.make() }
    private func names(_ db: TenantDatabase) throws -> [String] { try PeopleTable.names(db) }

    /// Puts a row off (or, outside a batch, inserts it now).
    private func add(_ db: TenantDatabase, _ name: String, _ age: Int = 1, then: @escaping (TenantDatabase) -> Void = { _ in }) throws {
        if db.deferInsert(Self.head, row: Self.row, values: [.text(name), .integer(Int64(age))], then: then) { return }
        try db.run(Self.head + " VALUES " + Self.row, [name, age])
    }

    @Test func outsideABatchNothingIsPutOff() throws {
        let db = try people()
        #expect(!db.deferInsert(Self.head, row: Self.row, values: [.text("A"), .integer(1)], then: { _ in }))
        try db.transaction { #expect(!db.deferInsert(Self.head, row: Self.row, values: [.text("B"), .integer(1)], then: { _ in })) }
        #expect(try names(db) == [])
    }

    @Test func rowsPutOffByTheBatchsPiecesAreAllWrittenInTheirOrder() throws {
        let db = try people()
        var put = 0
        let committed = db.batched(150) { i in
            try? db.transaction { if db.deferInsert(Self.head, row: Self.row, values: [.text("P\(i)"), .integer(Int64(i))], then: { _ in }) { put += 1 } }
        }
        #expect(committed)
        #expect(put == 150)   // more than one statement's worth (rowsPerInsert)
        #expect(try names(db) == (0..<150).map { "P\($0)" })
        #expect(try db.scalar("SELECT sum(age) FROM people").int == (0..<150).reduce(0, +))
    }

    @Test func aReadLaterInTheBatchSeesTheRowsPutOff() throws {
        let db = try people()
        var seen: [Int] = []
        let committed = db.batched(3) { i in
            try? db.transaction {
                try add(db, "P\(i)")
                seen.append(try db.scalar("SELECT count(*) FROM people").int ?? -1)
            }
        }
        #expect(committed)
        #expect(seen == [1, 2, 3])
    }

    @Test func aWriteLaterInTheBatchComesAfterTheRowsPutOff() throws {
        let db = try people()
        let committed = db.batched(2) { i in
            try? db.transaction {
                if i == 0 { try add(db, "Ann", 30) } else { try db.run("UPDATE people SET age = age + 1 WHERE name = 'Ann'") }
            }
        }
        #expect(committed)
        #expect(try db.scalar("SELECT age FROM people WHERE name = 'Ann'").int == 31)
    }

    @Test func whatARowWaitedForRunsOnceItIsWritten() throws {
        let db = try people()
        var after: [Int] = []
        let committed = db.batched(2) { i in
            try? db.transaction {
                try add(db, "P\(i)") { db in after.append(Int((try? db.scalar("SELECT count(*) FROM people").int) ?? -1)) }
                #expect(after.isEmpty)
            }
        }
        #expect(committed)
        #expect(after == [2, 2])
    }

    @Test func aRowThatCannotBeWrittenSpoilsTheBatchAndNothingStays() throws {
        let db = try people()
        try db.run("INSERT INTO people (name, age) VALUES ('Taken', 1)")
        let committed = db.batched(3) { i in
            try? db.transaction { try add(db, i == 1 ? "Taken" : "P\(i)") }
        }
        #expect(!committed)
        #expect(try names(db) == ["Taken"])
        #expect(try db.transaction { 1 } == 1)   // no transaction left open
    }

    @Test func aPieceFailingAfterItPutARowOffSpoilsTheBatch() throws {
        let db = try people()
        let (committed, ran) = PeopleTable.batchFailingAtOne(db) { i in try add(db, "P\(i)") }
        #expect(!committed)
        #expect(ran == [0, 1])
        #expect(try names(db) == [])
    }

    @Test func aSavepointWritesTheRowsBeforeItAndItsRollbackDropsOnlyTheLaterOnes() throws {
        let db = try people()
        struct Refused: Error {}
        let committed = db.batched(2) { i in
            try? db.transaction {
                try add(db, "Kept\(i)")
                try? db.transaction {
                    try add(db, "Dropped\(i)")
                    throw Refused()
                }
            }
        }
        #expect(committed)
        #expect(try names(db) == ["Kept0", "Kept1"])
    }

    @Test func aSpoiledBatchRollsBackWithoutWritingTheRowsStillPutOff() throws {
        let db = try people()
        try db.run("INSERT INTO people (name, age) VALUES ('Taken', 1)")
        struct Refused: Error {}
        let committed = db.batched(2) { i in
            try? db.transaction {
                try add(db, i == 0 ? "Taken" : "P1")   // would fail if it were written
                if i == 1 { throw Refused() }
            }
        }
        #expect(!committed)
        #expect(try db.transaction { 1 } == 1)   // the rollback ran: no transaction left open
        #expect(try names(db) == ["Taken"])
    }
}
