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
}
