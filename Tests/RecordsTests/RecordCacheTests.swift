import Storage
import Testing
import UnderstudyCore

/// A store with three `user` records (keys "1"…"3", `name` "User-<n>") and no `ticket` yet.
private func makeStore(_ db: Database? = nil) throws -> RecordStore {
    let db = try db ?? Database(.memory)
    try RecordStore.schema(table: "t_records", group: "t", version: 1).apply(db)
    let store = RecordStore(TenantDatabase(db), table: "t_records")
    for i in 1...3 {
        try store.insert("user", seq: try store.nextSequence("user"), key: String(i), doc: ["name": .string("User-\(i)")])
    }
    return store
}

private func name(_ store: RecordStore, _ key: String) throws -> String? {
    try store.get("user", key: key)?.doc["name"]?.string
}

/// The records cache never answers with rows the database no longer holds, whatever changed them.
@Suite struct RecordCacheTests {
    @Test func aQueryWhoseStatementIsKeptStillReadsTheRowsAsTheyAreNow() throws {
        let store = try makeStore()
        var q = RecordQuery(kind: "user")
        q.conditions = [.pathEquals("$.name", .text("User-9"))]
        #expect(try store.list(q).isEmpty)
        // Written behind the store's back (another store on the same database): the kept statement is read again.
        try RecordStore(store.db, table: "t_records").insert("user", seq: 9, key: "9", doc: ["name": "User-9"])
        #expect(try store.list(q).map(\.key) == ["9"])
        q.conditions = [.pathEquals("$.name", .text("User-2"))]
        #expect(try store.list(q).map(\.key) == ["2"])
    }

    @Test func aRecordUpdatedInATransactionThatRollsBackReadsAsBefore() throws {
        let store = try makeStore()
        #expect(try name(store, "1") == "User-1")
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try store.db.transaction {
                try store.update("user", key: "1", doc: ["name": "Changed"])
                #expect(try name(store, "1") == "Changed")
                throw Refused()
            }
        }
        #expect(try name(store, "1") == "User-1")
    }

    @Test func aRecordInsertedInASavepointThatRollsBackIsAbsentAgain() throws {
        let store = try makeStore()
        #expect(try store.exists("ticket", key: "T1") == false)
        struct Refused: Error {}
        try store.db.transaction { () throws -> Void in
            _ = try? store.db.transaction { () throws -> Void in
                try store.insert("ticket", seq: 1, key: "T1", doc: ["title": "x"])
                #expect(try store.get("ticket", key: "T1") != nil)
                throw Refused()
            }
            #expect(try store.exists("ticket", key: "T1") == false)
        }
        #expect(try store.get("ticket", key: "T1") == nil)
    }

    @Test func aRowChangedOutsideTheStoreIsReadAfresh() throws {
        let store = try makeStore()
        #expect(try name(store, "2") == "User-2")
        try store.db.run("UPDATE t_records SET doc = ? WHERE kind = 'user' AND key = '2'", [#"{"name":"Direct"}"#])
        #expect(try name(store, "2") == "Direct")
    }

    @Test func aDatabaseCopiedOverTheStoresIsReadAfresh() throws {
        let store = try makeStore()
        let other = try makeStore()
        try other.update("user", key: "3", doc: ["name": "From the copy"])
        #expect(try name(store, "3") == "User-3")
        try other.db.sqlite.copy(into: store.db.sqlite)
        #expect(try name(store, "3") == "From the copy")
    }

    @Test func aKnownAbsenceEndsWhenTheRecordIsInserted() throws {
        let store = try makeStore()
        #expect(try store.get("user", key: "u9") == nil)
        try store.insert("user", seq: try store.nextSequence("user"), key: "u9", doc: ["name": "User-9"])
        #expect(try name(store, "u9") == "User-9")
        #expect(try store.exists("user", key: "u9"))
    }

    @Test func aDeletedRecordIsGoneFromTheCache() throws {
        let store = try makeStore()
        #expect(try store.exists("user", key: "2"))
        try store.delete("user", key: "2")
        #expect(try store.get("user", key: "2") == nil)
        #expect(try store.exists("user", key: "2") == false)
    }

    @Test func aRecordRemovedByAConditionalDeleteIsGoneFromTheCache() throws {
        let store = try makeStore()
        #expect(try name(store, "1") == "User-1")
        try store.deleteAll("user", where: [.compare(Attribute("name", .string), .eq, [.text("User-1")])])
        #expect(try store.get("user", key: "1") == nil)
    }

    @Test func aWholeKindListShowsRecordsInsertedAfterItWasRead() throws {
        let store = try makeStore()
        #expect(try store.list(RecordQuery(kind: "user")).map(\.key) == ["1", "2", "3"])
        try store.insert("user", seq: try store.nextSequence("user"), key: "4", doc: ["name": "User-4"])
        #expect(try store.list(RecordQuery(kind: "user")).map(\.key) == ["1", "2", "3", "4"])
        var newest = RecordQuery(kind: "user")
        newest.newestFirst = true
        #expect(try store.list(newest).map(\.key) == ["4", "3", "2", "1"])
    }

    @Test func aFilteredListShowsARecordThatCameToMatchAfterItWasRead() throws {
        let store = try makeStore()
        let named = { (value: String) -> [String] in
            var q = RecordQuery(kind: "user")
            q.conditions = [.compare(Attribute("name", .string), .eq, [.text(value)])]
            return try store.list(q).map(\.key)
        }
        #expect(try named("Match") == [])
        #expect(try named("User-2") == ["2"])
        try store.update("user", key: "3", doc: ["name": "Match"])
        #expect(try named("Match") == ["3"])
        #expect(try named("User-3") == [])
        #expect(try named("User-2") == ["2"])
    }

    @Test func aWriteOfAnotherKindLeavesCachedRecordsCorrect() throws {
        let store = try makeStore()
        #expect(try name(store, "1") == "User-1")
        try store.insert("ticket", seq: 1, key: "T1", doc: ["title": "x"])
        try store.putBlob("b", contentType: "text/plain", bytes: [1])
        #expect(try name(store, "1") == "User-1")
        try store.update("user", key: "1", doc: ["name": "Renamed"])
        #expect(try name(store, "1") == "Renamed")
    }

    @Test func aSequenceNumberDrawnInARolledBackTransactionIsDrawnAgain() throws {
        let store = try makeStore()
        #expect(try store.nextSequence("user") == 4)
        struct Refused: Error {}
        _ = try? store.db.transaction { () throws -> Void in
            #expect(try store.nextSequence("user") == 5)
            throw Refused()
        }
        #expect(try store.nextSequence("user") == 5)
        #expect(try store.nextSequence("user", floor: 100) == 101)
        #expect(try store.nextSequence("user") == 102)
    }

    @Test func aSequenceMovedOutsideTheStoreIsReadAfresh() throws {
        let store = try makeStore()
        #expect(try store.nextSequence("user") == 4)
        try store.db.run("UPDATE t_records_sequences SET last = 50 WHERE kind = 'user'")
        #expect(try store.nextSequence("user") == 51)
    }

    @Test func twoStoresOnOneDatabaseSeeEachOthersWrites() throws {
        let first = try makeStore()
        let second = RecordStore(first.db, table: "t_records")
        #expect(try name(first, "1") == "User-1")
        try second.update("user", key: "1", doc: ["name": "Second"])
        #expect(try name(first, "1") == "Second")
    }

    @Test func moreRecordsThanTheCacheHoldsAreAllReadCorrectly() throws {
        let store = try makeStore()
        let count = RecordCache.maxRecords + 10
        try store.db.transaction {
            for i in 0..<count { try store.insert("item", seq: i + 1, key: "k\(i)", doc: ["n": .int(i)]) }
        }
        for i in 0..<count { #expect(try store.get("item", key: "k\(i)")?.doc["n"]?.int == i) }
        for i in stride(from: 0, to: count, by: 97) { #expect(try store.get("item", key: "k\(i)")?.doc["n"]?.int == i) }
    }

    @Test func aDerivedValueIsWorkedOutOnceWhileItsKindIsUnchanged() throws {
        let store = try makeStore()
        var runs = 0
        func count() throws -> Int { try store.derived("user", "count") { runs += 1; return try store.count(RecordQuery(kind: "user")) } }
        #expect(try count() == 3)
        #expect(try count() == 3)
        try store.insert("ticket", seq: 1, key: "T1", doc: [:])
        #expect(try count() == 3)
        #expect(runs == 1)
    }

    @Test func aRecordABatchPiecePutOffIsReadByTheNextPieceAndOtherKindsStayKnown() throws {
        let store = try makeStore()
        var runs = 0
        func count() throws -> Int { try store.derived("user", "count") { runs += 1; return try store.count(RecordQuery(kind: "user")) } }
        #expect(try count() == 3)
        var found: [String?] = []
        let committed = store.db.batched(3) { i in
            try? store.db.transaction {
                switch i {
                case 0: try store.insert("ticket", seq: 1, key: "T1", doc: ["title": "first"])
                case 1: found.append(try store.get("ticket", key: "T1")?.doc["title"]?.string)
                default: found.append(String(try store.count(RecordQuery(kind: "ticket"))))
                }
            }
        }
        #expect(committed)
        #expect(found == ["first", "1"])
        #expect(try count() == 3)
        #expect(runs == 1)   // writing the rows put off is the store's own change: what it knew of users stays
    }

    @Test func aDerivedValueIsWorkedOutAgainAfterItsKindIsWritten() throws {
        let store = try makeStore()
        func count() throws -> Int { try store.derived("user", "count") { try store.count(RecordQuery(kind: "user")) } }
        #expect(try count() == 3)
        try store.insert("user", seq: try store.nextSequence("user"), key: "4", doc: ["name": "User-4"])
        #expect(try count() == 4)
        try store.delete("user", key: "1")
        #expect(try count() == 3)
    }

    @Test func aDerivedValueIsForgottenWhenTheDatabaseChangesBehindTheStore() throws {
        let store = try makeStore()
        func count() throws -> Int { try store.derived("user", "count") { try store.count(RecordQuery(kind: "user")) } }
        #expect(try count() == 3)
        try store.db.run("DELETE FROM t_records WHERE kind = 'user' AND key = '2'")
        #expect(try count() == 2)
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try store.db.transaction {
                try store.delete("user", key: "3")
                #expect(try count() == 1)
                throw Refused()
            }
        }
        #expect(try count() == 2)
    }

    @Test func aDerivedNilIsKeptAsAnAnswer() throws {
        let store = try makeStore()
        var runs = 0
        func find() throws -> JSON? { try store.derived("user", "missing") { runs += 1; return try store.get("user", key: "9")?.doc } }
        #expect(try find() == nil)
        #expect(try find() == nil)
        #expect(runs == 1)
    }

    @Test func derivedValuesOfOneKindUnderDifferentNamesAreKeptApart() throws {
        let store = try makeStore()
        #expect(try store.derived("user", "a") { 1 } == 1)
        #expect(try store.derived("user", "b") { 2 } == 2)
        #expect(try store.derived("user", "a") { 3 } == 1)
    }

    private func storedLast(_ store: RecordStore, _ kind: String) throws -> Int? {
        try store.db.scalar("SELECT last FROM t_records_sequences WHERE kind = ?", [kind]).int
    }

    @Test func numbersDrawnInATransactionAreStoredWhenItCommits() throws {
        let store = try makeStore()
        try store.db.transaction { () throws -> Void in
            #expect(try store.nextSequence("user") == 4)
            #expect(try store.nextSequence("user") == 5)
        }
        #expect(try storedLast(store, "user") == 5)
        #expect(try RecordStore(store.db, table: "t_records").nextSequence("user") == 6)
    }

    @Test func aNumberDrawnBeforeAnOutsideChangeInTheSameTransactionIsNotHandedOutAgain() throws {
        let store = try makeStore()
        try store.db.transaction { () throws -> Void in
            #expect(try store.nextSequence("user") == 4)
            try store.db.run("UPDATE t_records SET doc = doc WHERE kind = 'user' AND key = '1'")   // the cache forgets
            #expect(try store.nextSequence("user") == 5)
        }
        #expect(try storedLast(store, "user") == 5)
    }

    @Test func numbersDrawnInARolledBackSavepointAreHandedOutAgainAfterTheOnesBeforeIt() throws {
        let store = try makeStore()
        struct Refused: Error {}
        try store.db.transaction { () throws -> Void in
            #expect(try store.nextSequence("user") == 4)
            try? store.db.transaction { () throws -> Void in
                #expect(try store.nextSequence("user") == 5)
                throw Refused()
            }
            #expect(try store.nextSequence("user") == 5)
        }
        #expect(try storedLast(store, "user") == 5)
    }
}
