import Storage
@testable import UnderstudyCore

/// A small table for the tenant seam's tests: people with a unique name.
enum PeopleTable {
    static func make() throws -> TenantDatabase {
        let db = TenantDatabase(try Database())
        try db.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER)")
        return db
    }

    /// Every name, in insertion order.
    static func names(_ db: TenantDatabase) throws -> [String] {
        try db.query("SELECT name FROM people ORDER BY id").compactMap { $0.string("name") }
    }

    /// Runs three pieces as one batch, each in a transaction of its own doing `piece(i)`; piece 1 then fails.
    /// Whether the batch committed, and which pieces ran.
    static func batchFailingAtOne(_ db: TenantDatabase, _ piece: (Int) throws -> Void) -> (committed: Bool, ran: [Int]) {
        struct Refused: Error {}
        var ran: [Int] = []
        let committed = db.batched(3) { i in
            ran.append(i)
            try? db.transaction {
                try piece(i)
                if i == 1 { throw Refused() }
            }
        }
        return (committed, ran)
    }
}
