import Storage
import Testing
import UnderstudyCore

/// Expression indexes on document paths: a filter on an indexed attribute is answered from the index.
@Suite struct RecordIndexTests {
    static let status = Attribute("status", .string)
    static let title = Attribute("title", .string)

    static func store(indexed: [Attribute]) throws -> RecordStore {
        let db = try Database(.memory)
        try Migrator(group: "t", migrations: RecordStore.migrations(table: "t_records")
            + [RecordStore.indexMigration(table: "t_records", version: 3, attributes: indexed)]).migrate(db)
        let store = RecordStore(db, table: "t_records")
        for i in 1...50 {
            try store.insert("ticket", seq: i, key: String(i), doc: ["status": .string(i % 5 == 0 ? "closed" : "open"), "title": .string("T\(i)")])
        }
        return store
    }

    @Test func aFilterOnAnIndexedAttributeUsesTheIndex() throws {
        let store = try Self.store(indexed: [Self.status])
        var q = RecordQuery(kind: "ticket")
        q.conditions = [.compare(Self.status, .eq, [.text("closed")])]
        #expect(try store.countPlan(q).contains("t_records_by_status"))
        #expect(try store.count(q) == 10)
    }

    @Test func aFilterOnAnotherAttributeScans() throws {
        let store = try Self.store(indexed: [Self.status])
        var q = RecordQuery(kind: "ticket")
        q.conditions = [.compare(Self.title, .eq, [.text("T5")])]
        #expect(try !store.countPlan(q).contains("by_status"))
        #expect(try store.count(q) == 1)
    }

    @Test func pathsThatAreNotPlainAreNeitherIndexedNorInlined() throws {
        let odd = Attribute("odd", .string, path: "$.a'b")
        let store = try Self.store(indexed: [odd])
        var q = RecordQuery(kind: "ticket")
        q.conditions = [.compare(odd, .eq, [.text("x")])]
        #expect(try store.count(q) == 0)
        #expect(try !store.countPlan(q).contains("by_odd"))
    }
}
