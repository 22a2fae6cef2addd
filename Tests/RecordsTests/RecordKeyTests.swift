import Storage
import Testing
@testable import UnderstudyCore

/// Public keys: one that is its record's sequence number in decimal is found through the sequence index; only the
/// others (UUIDs, tokens, file keys) are in the key index (``RecordTable/keyIndexSQL(_:)``).
@Suite struct RecordKeyTests {
    static let table: RecordTable = "t_records"

    /// Records 1…3 keyed by their sequence numbers, then `abc` (4), `007` (5) and `+6` (6).
    static func store() throws -> RecordStore {
        let db = try Database(.memory)
        try RecordStore.schema(table: table, group: "t", version: 1).apply(db)
        let store = RecordStore(TenantDatabase(db), table: table)
        for (seq, key) in [(1, "1"), (2, "2"), (3, "3"), (4, "abc"), (5, "007"), (6, "+6")] {
            try store.insert("item", seq: seq, key: key, doc: ["n": .int(seq)])
        }
        return store
    }

    /// The VM steps reading one record by `key` takes.
    static func lookupSteps(_ store: RecordStore, _ key: String) throws -> Int {
        var place: [SQLValue] = []
        let sql = Self.table.getSQL.sql(kind: "item", key: key, appendingTo: &place)
        return try store.db.work(sql, place).steps
    }

    @Test func onlyKeysThatAreNotSequenceNumbersAreInTheKeyIndex() throws {
        let store = try Self.store()
        let held = try store.db.query("SELECT key FROM t_records INDEXED BY t_records_key WHERE key <> CAST(seq AS TEXT) ORDER BY key")
        #expect(held.compactMap { $0.string("key") } == ["+6", "007", "abc"])
    }

    @Test func aKeyThatIsASequenceNumberIsLookedUpByItAndAnyOtherThroughTheKeyIndex() throws {
        // A lookup through an index visits one record however many there are; a scan would visit them all.
        let store = try Self.store()
        let before = (sequence: try Self.lookupSteps(store, "2"), key: try Self.lookupSteps(store, "abc"))
        for seq in 7...400 { try store.insert("item", seq: seq, key: seq % 2 == 0 ? String(seq) : "k\(seq)", doc: ["n": .int(seq)]) }
        #expect(try Self.lookupSteps(store, "2") == before.sequence)
        #expect(try Self.lookupSteps(store, "abc") == before.key)
    }

    @Test(arguments: [("2", 2), ("abc", 4), ("007", 5), ("+6", 6)])
    func aRecordIsReadUpdatedAndDeletedByEitherKindOfKey(_ key: String, _ seq: Int) throws {
        let store = try Self.store()
        #expect(try store.get("item", key: key)?.seq == seq)
        #expect(try store.update("item", key: key, doc: ["n": 99]))
        #expect(try store.get("item", key: key)?.doc == ["n": 99])
        #expect(try store.delete("item", key: key))
        #expect(try store.get("item", key: key) == nil)
        #expect(try store.list(RecordQuery(kind: "item")).count == 5)
    }

    @Test func aKeyIsFoundOnlyAsItIsWritten() throws {
        let store = try Self.store()
        #expect(try store.get("item", key: "7") == nil)
        #expect(try store.get("item", key: "5") == nil)    // record 5's key is 007
        #expect(try store.get("item", key: "6") == nil)    // record 6's key is +6
        #expect(try store.get("item", key: "02") == nil)
        #expect(try store.get("other", key: "2") == nil)
        #expect(try !store.update("item", key: "5", doc: [:]))
        #expect(try !store.delete("item", key: "4"))
    }

    @Test func aKeyThatReadsAsAnotherSequenceNumberIsRefusedAndNothingIsWritten() throws {
        let store = try Self.store()
        let refused = #expect(throws: SQLiteError.self) { try store.insert("item", seq: 7, key: "9", doc: [:]) }
        #expect(refused?.isUniqueViolation == true)
        #expect(try store.list(RecordQuery(kind: "item")).count == 6)
        #expect(try store.get("item", key: "9") == nil)
    }

    @Test func aRepeatedKeyIsRefusedWhicheverIndexHoldsIt() throws {
        let store = try Self.store()
        #expect(throws: SQLiteError.self) { try store.insert("item", seq: 7, key: "abc", doc: [:]) }
        #expect(throws: SQLiteError.self) { try store.insert("item", seq: 2, key: "2", doc: [:]) }
        try store.insert("other", seq: 4, key: "abc", doc: [:])
        #expect(try store.get("other", key: "abc")?.seq == 4)
    }
}
