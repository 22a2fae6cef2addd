import Storage
import Testing
import UnderstudyCore

/// A store with ten `item` records: id 1…10, `n` = id % 3 (null for 10), `name` "Item-<id>", `flag` = even ids.
private func makeStore() throws -> RecordStore {
    let db = try Database(.memory)
    try RecordStore.schema(table: "t_records", group: "t", version: 1).apply(db)
    let store = RecordStore(TenantDatabase(db), table: "t_records")
    for i in 1...10 {
        let seq = try store.nextSequence("item")
        try store.insert("item", seq: seq, key: String(seq), doc: ["id": .int(seq), "n": i == 10 ? .null : .int(i % 3),
                                                              "name": .string("Item-\(i)"), "flag": .bool(i % 2 == 0)])
    }
    return store
}

private let n = Attribute("n", .int)
private let name = Attribute("name", .string)
private let flag = Attribute("flag", .bool)

private func ids(_ store: RecordStore, _ q: RecordQuery) throws -> [Int] { try store.list(q).map(\.seq) }

/// Every id, page after page, following keyset cursors.
private func pagedIDs(_ store: RecordStore, _ first: RecordQuery) throws -> [Int] {
    var q = first
    var seen: [Int] = []
    // A cap, so that a keyset bug fails here instead of looping until CI's time-out.
    for _ in 0..<1_000 {
        let page = try store.list(q)
        guard let last = page.last else { return seen }
        seen += page.map(\.seq)
        q.after = try store.keyset(of: last, for: q)
    }
    throw PagingNeverEnded()
}

/// Keyset paging that went on past its cap.
private struct PagingNeverEnded: Error {}

@Suite struct RecordStoreTests {
    @Test func aReadAfterAnUpdateSeesTheNewDocumentEvenWhenTheOldOneWasReadBefore() throws {
        let store = try makeStore()
        #expect(try store.get("item", key: "3")?.doc["name"] == "Item-3")
        try store.update("item", key: "3", doc: ["id": 3, "name": "Renamed"])
        #expect(try store.get("item", key: "3")?.doc["name"] == "Renamed")
        try store.update("item", key: "3", doc: ["id": 3, "name": "Item-3", "n": 0, "flag": false])
        #expect(try store.get("item", key: "3")?.doc == ["id": 3, "name": "Item-3", "n": 0, "flag": false])
    }

    @Test func aDocumentLongerThanTheParseMemoryIsReadWhole() throws {
        let store = try makeStore()
        let long = String(repeating: "x", count: 40_000)
        try store.update("item", key: "4", doc: ["id": 4, "name": .string(long)])
        #expect(try store.get("item", key: "4")?.doc["name"]?.string == long)
        #expect(try store.get("item", key: "4")?.doc["name"]?.string == long)
    }

    @Test func sequencesAreNeverReused() throws {
        let store = try makeStore()
        try store.delete("item", key: "10")
        #expect(try store.nextSequence("item") == 11)
    }

    @Test func sequenceStartsAboveItsFloor() throws {
        let store = try makeStore()
        #expect(try store.nextSequence("other", floor: 500) == 501)
    }

    @Test func aFloorAboveTheLastNumberIssuedMovesTheSequenceUpToIt() throws {
        let store = try makeStore()
        #expect(try store.nextSequence("item", floor: 100) == 101)
        #expect(try store.nextSequence("item") == 102)
    }

    @Test func aFloorBelowTheLastNumberIssuedIsIgnored() throws {
        let store = try makeStore()
        #expect(try store.nextSequence("item", floor: 5) == 11)
    }

    @Test func eachKindCountsOnItsOwn() throws {
        let store = try makeStore()
        #expect(try store.nextSequence("other") == 1)
        #expect(try store.nextSequence("other") == 2)
        #expect(try store.nextSequence("item") == 11)
    }

    @Test func equalityComparesTypedValues() throws {
        let store = try makeStore()
        var q = RecordQuery(kind: "item")
        q.conditions = [.compare(n, .eq, [.integer(1)])]
        #expect(try ids(store, q) == [1, 4, 7])
    }

    @Test func inAndNotInKeepNullsApart() throws {
        let store = try makeStore()
        var q = RecordQuery(kind: "item")
        q.conditions = [.compare(n, .notIn, [.integer(0), .integer(1)])]
        #expect(try ids(store, q) == [2, 5, 8, 10])
    }

    @Test func containsIsCaseSensitiveAndLikeIsNot() throws {
        let store = try makeStore()
        var q = RecordQuery(kind: "item")
        q.conditions = [.compare(name, .cont, [.text("item-1")])]
        #expect(try ids(store, q).isEmpty)
        q.conditions = [.compare(name, .iCont, [.text("item-1")])]
        #expect(try ids(store, q) == [1, 10])
    }

    @Test func likeWildcardsInValuesAreLiteral() throws {
        let store = try makeStore()
        var q = RecordQuery(kind: "item")
        q.conditions = [.compare(name, .iCont, [.text("%")])]
        #expect(try ids(store, q).isEmpty)
    }

    @Test func startAndEndMatchTheEdges() throws {
        let store = try makeStore()
        var q = RecordQuery(kind: "item")
        q.conditions = [.compare(name, .end, [.text("-1")])]
        #expect(try ids(store, q) == [1])
        q.conditions = [.compare(name, .start, [.text("Item-1")])]
        #expect(try ids(store, q) == [1, 10])
    }

    @Test func booleansCompareAsTrueAndFalse() throws {
        let store = try makeStore()
        var q = RecordQuery(kind: "item")
        q.conditions = [.compare(flag, .true, [])]
        #expect(try ids(store, q) == [2, 4, 6, 8, 10])
    }

    @Test func anyOrsConditions() throws {
        let store = try makeStore()
        var q = RecordQuery(kind: "item")
        q.conditions = [.any([.compare(n, .null, []), .compare(name, .eq, [.text("Item-3")])])]
        #expect(try ids(store, q) == [3, 10])
    }

    @Test func keysetContinuesASortWithTiesAndNulls() throws {
        let store = try makeStore()
        var q = RecordQuery(kind: "item")
        q.sort = [SortKey(n, descending: true)]
        let all = try ids(store, q)
        q.limit = 3
        let seen = try pagedIDs(store, q)
        #expect(seen == all)
        #expect(all.last == 10)  // NULL sorts last when descending
    }

    @Test func keysetAscendingStartsWithNulls() throws {
        let store = try makeStore()
        var q = RecordQuery(kind: "item")
        q.sort = [SortKey(n, descending: false)]
        let all = try ids(store, q)
        #expect(all.first == 10)
        q.limit = 4
        let seen = try pagedIDs(store, q)
        #expect(seen == all)
    }

    @Test func countIgnoresLimitAndOffset() throws {
        let store = try makeStore()
        var q = RecordQuery(kind: "item")
        q.limit = 2
        q.offset = 3
        #expect(try store.count(q) == 10)
        #expect(try ids(store, q) == [4, 5])
    }

    @Test func cursorRoundTrips() {
        let k = Keyset(values: [.text("a/b+c"), .integer(3), .null, .real(1.5)], seq: 42)
        #expect(Cursor.decode(Cursor.encode(k)) == k)
        #expect(Cursor.decode("not a cursor") == nil)
    }
}
