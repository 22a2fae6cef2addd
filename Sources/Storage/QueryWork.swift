import CSQLite

/// What running one statement cost SQLite, from its own counters (`sqlite3_stmt_status`): what tests check to
/// pin that an index serves a query, without depending on the wording of `EXPLAIN QUERY PLAN`, which changes
/// between SQLite versions.
public struct QueryWork: Sendable, Equatable {
    /// Virtual machine steps: grows with every row a query visits.
    public var steps: Int
    /// Sorts the query needed (0 when rows came in the asked order from an index).
    public var sorts: Int
    /// Steps forward in full table scans.
    public var fullScanSteps: Int
}

extension Database {
    /// Runs a query on a statement of its own (so the counters start at zero) and returns what it cost.
    public func work(_ sql: String, _ params: [SQLValue]) throws -> QueryWork {
        let s = try Statement(database: self, sql: sql)
        try s.bind(params)
        _ = try s.rows()
        return QueryWork(steps: s.status(SQLITE_STMTSTATUS_VM_STEP), sorts: s.status(SQLITE_STMTSTATUS_SORT),
                         fullScanSteps: s.status(SQLITE_STMTSTATUS_FULLSCAN_STEP))
    }
}

extension Statement {
    func status(_ counter: Int32) -> Int { Int(sqlite3_stmt_status(handle, counter, 0)) }
}
