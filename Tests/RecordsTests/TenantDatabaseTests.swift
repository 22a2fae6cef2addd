import Storage
import Testing
@testable import UnderstudyCore

/// The tenant seam's batches (`TenantDatabase.batched`) and writes put off to the commit (`deferWrite`): pieces
/// share one transaction, a failure spoils only what it must, and nothing can tell a write waited.
@Suite struct TenantDatabaseTests {
    private func people() throws -> TenantDatabase { try PeopleTable.make() }
    private func names(_ db: TenantDatabase) throws -> [String] { try PeopleTable.names(db) }

    @Test func aBatchCommitsEveryPieceTogether() throws {
        let db = try people()
        let committed = db.batched(3) { i in
            try? db.transaction { try db.run("INSERT INTO people (name) VALUES (?)", ["P\(i)"]) }
        }
        #expect(committed)
        #expect(try names(db) == ["P0", "P1", "P2"])
        #expect(try db.transaction { 1 } == 1)   // no transaction left open
    }

    @Test func aPieceFailingBeforeItWritesLeavesTheRestOfTheBatchCommitted() throws {
        let db = try people()
        struct Refused: Error {}
        let committed = db.batched(3) { i in
            try? db.transaction {
                if i == 1 { throw Refused() }
                try db.run("INSERT INTO people (name) VALUES (?)", ["P\(i)"])
            }
        }
        #expect(committed)
        #expect(try names(db) == ["P0", "P2"])
    }

    @Test func aPieceFailingAfterItWroteRollsTheWholeBatchBackAndStopsIt() throws {
        let db = try people()
        let rewinds = db.rewinds
        let (committed, ran) = PeopleTable.batchFailingAtOne(db) { i in try db.run("INSERT INTO people (name) VALUES (?)", ["P\(i)"]) }
        #expect(!committed)
        #expect(ran == [0, 1])
        #expect(try names(db) == [])
        #expect(db.rewinds != rewinds)
        #expect(try db.transaction { 1 } == 1)
    }

    @Test func aTransactionNestedInsideABatchPieceRollsBackOnlyItsOwnPart() throws {
        let db = try people()
        struct Refused: Error {}
        let committed = db.batched(1) { _ in
            try? db.transaction {
                try db.run("INSERT INTO people (name) VALUES (?)", ["Kept"])
                try? db.transaction {
                    try db.run("INSERT INTO people (name) VALUES (?)", ["Dropped"])
                    throw Refused()
                }
            }
        }
        #expect(committed)
        #expect(try names(db) == ["Kept"])
    }

    @Test func aBatchInsideAnOpenTransactionRunsNothingAndSaysSo() throws {
        let db = try people()
        var ran = false
        let committed = try db.transaction { db.batched(1) { _ in ran = true } }
        #expect(!committed)
        #expect(!ran)
    }



    /// A deferred write that inserts `name` (replacing an earlier one under the same key).
    private func deferInsert(_ db: TenantDatabase, _ name: String, key: String = "k") -> Bool {
        db.deferWrite(key) { db in try db.run("INSERT INTO people (name) VALUES (?)", [name]) }
    }

    @Test func aDeferredWriteRunsWhenTheTransactionCommits() throws {
        let db = try people()
        try db.transaction { () throws -> Void in
            #expect(deferInsert(db, "Later"))
            #expect(try names(db) == [])
        }
        #expect(try names(db) == ["Later"])
    }

    @Test func withoutATransactionNothingIsDeferred() throws {
        let db = try people()
        #expect(!deferInsert(db, "Never"))
        try db.transaction { }
        #expect(try names(db) == [])
    }

    @Test func aLaterDeferredWriteUnderTheSameKeyReplacesTheEarlierOne() throws {
        let db = try people()
        try db.transaction {
            _ = deferInsert(db, "First")
            _ = deferInsert(db, "Other", key: "other")
            _ = deferInsert(db, "Second")
        }
        #expect(try names(db) == ["Second", "Other"])
    }

    @Test func aRolledBackTransactionDropsItsDeferredWrites() throws {
        let db = try people()
        struct Refused: Error {}
        #expect(throws: Refused.self) { try db.transaction { _ = deferInsert(db, "Dropped"); throw Refused() } }
        try db.transaction { }
        #expect(try names(db) == [])
    }

    @Test func deferredWritesRunBeforeASavepointSoItsRollbackKeepsThem() throws {
        let db = try people()
        struct Refused: Error {}
        try db.transaction {
            _ = deferInsert(db, "Outer", key: "outer")
            try? db.transaction { () throws -> Void in
                #expect(try names(db) == ["Outer"])
                _ = deferInsert(db, "Inner", key: "inner")
                throw Refused()
            }
        }
        #expect(try names(db) == ["Outer"])
    }

    @Test func aDeferredWriteThatFailsRollsTheTransactionBack() throws {
        let db = try people()
        #expect(throws: SQLiteError.self) {
            try db.transaction {
                try db.run("INSERT INTO people (name) VALUES (?)", ["Kept?"])
                _ = deferInsert(db, "Kept?")   // the name is unique
            }
        }
        #expect(try names(db) == [])
    }

    @Test func aBatchWritesWhatItsPiecesDeferredOnceAtItsCommit() throws {
        let db = try people()
        let committed = db.batched(3) { i in
            try? db.transaction { _ = deferInsert(db, "Last \(i)") }
        }
        #expect(committed)
        #expect(try names(db) == ["Last 2"])
    }

    @Test func aBatchPieceThatDeferredAWriteAndFailedSpoilsTheBatch() throws {
        let db = try people()
        let (committed, ran) = PeopleTable.batchFailingAtOne(db) { i in
            if i == 1 {
                _ = deferInsert(db, "Deferred")   // no row changed yet
            } else {
                try db.run("INSERT INTO people (name) VALUES (?)", ["P\(i)"])
            }
        }
        #expect(!committed)
        #expect(ran == [0, 1])
        #expect(try names(db) == [])
    }
}
