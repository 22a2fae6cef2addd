import Storage

/// Rows a batch inserts into one table, written with one statement.
///
/// A statement costs SQLite more than the row it inserts: it opens a cursor on the table and on every index, and
/// descends each B-tree from its root, and a table with ten indexes pays that for every row. The requests of one
/// batch (``TenantDatabase/batched(_:_:)``) often each insert one row into the same table (a create each): put off, those rows go in with
/// one multi-row INSERT, whose cursors stay open from row to row (measured on the BOSSDesk records table, 16 rows a
/// statement: 40% fewer instructions in SQLite per row).
///
/// Nothing can tell the difference: the rows are written before the connection runs any other statement (so every
/// read sees them and every write comes after them), before a savepoint and before the commit; a rollback drops
/// them. A failure writing them spoils the batch, whose pieces then run again one by one, each inserting at once.
struct PendingRows {
    /// The one-row INSERT up to its `VALUES`, and one row's placeholders.
    let head: String
    let row: String
    /// Values per row.
    let width: Int
    var values: [SQLValue]
    var count: Int
    /// Run after the rows are written, in the order they were put off.
    var then: [(TenantDatabase) -> Void]
}

extension TenantDatabase {
    /// Rows one statement inserts at most (each distinct count is a statement of its own in the cache).
    public static let rowsPerInsert = 64

    /// Inside ``batched(_:_:)``: puts off inserting one row (`head` + ` VALUES ` + `row`, binding `values`) until the
    /// connection's next statement, a savepoint or the commit, together with the other rows put off under the same
    /// `head`; `then` runs once the row is written. False, and nothing put off, outside a batch: the caller inserts now.
    public func deferInsert(_ head: String, row: String, values: [SQLValue], then: @escaping (TenantDatabase) -> Void) -> Bool {
        guard isBatching, !writingRows else { return false }
        if let i = pendingRows.firstIndex(where: { $0.head == head && $0.row == row && $0.width == values.count }) {
            pendingRows[i].values += values
            pendingRows[i].count += 1
            pendingRows[i].then.append(then)
        } else {
            pendingRows.append(PendingRows(head: head, row: row, width: values.count, values: values, count: 1, then: [then]))
        }
        deferredCount &+= 1
        return true
    }

    /// Writes the rows put off, at most `rowsPerInsert` a statement (nothing when none wait, or while they are being
    /// written). A failure spoils the batch they belong to.
    func writePendingRows() throws {
        guard !pendingRows.isEmpty, !writingRows else { return }
        writingRows = true
        defer { writingRows = false }
        let groups = pendingRows
        pendingRows.removeAll()
        do {
            for g in groups {
                var first = 0
                while first < g.count {
                    let n = min(Self.rowsPerInsert, g.count - first)
                    try sqlite.run(multiRowInsert(g.head, g.row, n), values: Array(g.values[first * g.width ..< (first + n) * g.width]))
                    first += n
                }
                for t in g.then { t(self) }
            }
        } catch {
            spoilBatch()
            throw error
        }
    }

    /// `head VALUES row, row, …` with `n` rows (made once per head and count).
    private func multiRowInsert(_ head: String, _ row: String, _ n: Int) -> String {
        if let sql = multiRowSQL[head]?[n] { return sql }
        var sql = head + " VALUES " + row
        for _ in 1..<n { sql += ", " + row }
        multiRowSQL[head, default: [:]][n] = sql
        return sql
    }
}
