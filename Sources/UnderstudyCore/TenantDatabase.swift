import Storage

/// A database as the simulator uses it: Storage's plain connection (`sqlite`) plus everything the core keeps with
/// it for speed — the decoded records of each records table (``RecordCache``) and, while queued requests run as
/// one batch, the writes they put off. This is the tenant seam: Storage knows nothing of batches or caches, and
/// the API modules see only statements and transactions, which behave exactly as on a plain connection.
///
/// A tenant's database is used only under the tenant's lock (`Tenant.withDatabase`); a template's only while it
/// is being built. `@unchecked Sendable` so that owner can hand it between threads under that lock.
public final class TenantDatabase: @unchecked Sendable {
    /// The connection itself.
    public let sqlite: Database

    /// Decoded records kept between requests, by records table (``RecordCache/of(_:table:)``).
    var caches: [String: RecordCache] = [:]

    /// Transactions open through ``transaction(_:)`` (a batch itself does not count).
    private var depth = 0
    /// Set while ``batched(_:_:)`` runs: whether a piece of its work failed after changing rows.
    private var batchSpoiled: Bool?

    /// Writes put off until the open transaction commits or takes a savepoint (``deferWrite(owner:_:_:)``), in the
    /// order they were first put off.
    private var deferred: [(owner: String, key: String, write: (TenantDatabase) throws -> Void)] = []
    /// Moves on with every write put off and every row put off.
    var deferredCount: UInt64 = 0
    /// Moves on when writes put off are dropped without SQLite rolling anything back.
    private var drops: UInt64 = 0

    /// Rows put off by ``deferInsert(_:row:values:then:)``, grouped by statement, in the order first put off.
    var pendingRows: [PendingRows] = []
    /// Set while the rows put off are being written (their own statements must not write them again).
    var writingRows = false
    /// Multi-row INSERT texts made so far, by the one-row statement's head and then the number of rows.
    var multiRowSQL: [String: [Int: String]] = [:]

    /// How far the image's room has been made resident (``prefault()``).
    private var prefaulted = PrefaultMark()

    public init(_ sqlite: Database) {
        self.sqlite = sqlite
    }

    // MARK: - Statements (each sees the rows put off before it)

    /// Runs one or more statements without parameters (schema, pragmas).
    public func execute(_ sql: String) throws {
        try writePendingRows()
        try sqlite.execute(sql)
    }

    /// Runs one statement with `?` parameters that returns no rows.
    public func run(_ sql: String, _ params: [any SQLBindable] = []) throws {
        try writePendingRows()
        try sqlite.run(sql, params)
    }

    /// `run` with the values already made.
    public func run(_ sql: String, values: [SQLValue]) throws {
        try writePendingRows()
        try sqlite.run(sql, values: values)
    }

    /// Runs one statement with `?` parameters and returns its rows.
    public func query(_ sql: String, _ params: [any SQLBindable] = []) throws -> [Row] {
        try writePendingRows()
        return try sqlite.query(sql, params)
    }

    /// The first row of a query, if any.
    public func first(_ sql: String, _ params: [any SQLBindable] = []) throws -> Row? {
        try query(sql, params).first
    }

    /// The first column of the first row, or `.null`.
    public func scalar(_ sql: String, _ params: [any SQLBindable] = []) throws -> SQLValue {
        try first(sql, params)?.values.first ?? .null
    }

    /// What a query costs SQLite (`Database.work`).
    public func work(_ sql: String, _ params: [SQLValue]) throws -> QueryWork {
        try writePendingRows()
        return try sqlite.work(sql, params)
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { sqlite.changes }

    /// Rows changed since the connection opened (see `Database.totalChanges`).
    public var totalChanges: Int64 { sqlite.totalChanges }

    /// Moves on whenever rows may have gone back to an earlier state: a rollback, a database copied over this
    /// one, or writes put off and then dropped.
    public var rewinds: UInt64 { sqlite.rewinds &+ drops }

    /// Moves on with every row changed and every write put off: whether some work has changed, or will change when
    /// its transaction commits, what the database holds.
    public var writes: Int64 { sqlite.totalChanges &+ Int64(truncatingIfNeeded: deferredCount) }

    /// Whether a transaction is open on the connection.
    public var inTransaction: Bool { sqlite.inTransaction }

    // MARK: - Transactions

    /// Runs `body` in a transaction, as `Database.transaction` does (`BEGIN IMMEDIATE` outermost, a savepoint when
    /// nested; committed when it returns, rolled back when it throws); writes put off are written before its commit
    /// or savepoint. Directly inside ``batched(_:_:)`` it takes no savepoint (see there).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if depth == 0, batchSpoiled != nil { return try transactionInBatch(body) }
        // What was put off belongs to the enclosing transaction: written before a rollback to a savepoint could drop it.
        if sqlite.inTransaction { try writeDeferred() }
        depth += 1
        defer { depth -= 1 }
        do {
            return try sqlite.transaction {
                let result = try body()
                if depth == 1, batchSpoiled == nil { try writeDeferred() }
                return result
            }
        } catch {
            dropDeferred()
            throw error
        }
    }

    /// A piece's transaction directly inside ``batched(_:_:)``: no savepoint, the batch's own transaction holds
    /// its changes; a failure after changing something spoils the batch.
    private func transactionInBatch<T>(_ body: () throws -> T) throws -> T {
        let before = (sqlite.totalChanges, deferredCount)
        depth += 1
        defer { depth -= 1 }
        do {
            return try body()
        } catch {
            if sqlite.totalChanges != before.0 || deferredCount != before.1 { batchSpoiled = true }
            throw error
        }
    }

    /// Runs `count` pieces of work in one transaction, so that they share one commit and the pages they all touch
    /// are journalled and written back once. True when all of them committed.
    ///
    /// The transactions the pieces start take no savepoint of their own (a savepoint copies every page it touches
    /// again). A piece whose transaction fails without having changed a row leaves nothing to undo. One that fails
    /// after changing rows spoils the batch, as does SQLite rolling the transaction back by itself (out of memory,
    /// disk full) or a failed commit: the batch stops there and is rolled back whole, and false tells the caller
    /// that none of its changes remain, so it runs the pieces again, each on its own.
    public func batched(_ count: Int, _ work: (Int) -> Void) -> Bool {
        guard depth == 0, batchSpoiled == nil, !sqlite.inTransaction else { return false }
        struct Spoiled: Error {}
        batchSpoiled = false
        defer { batchSpoiled = nil }
        do {
            try sqlite.transaction {
                // Spoiled by a piece, or the transaction is gone (SQLite rolled it back by itself).
                var spoiled: Bool { batchSpoiled == true || !sqlite.inTransaction }
                for i in 0..<count where !spoiled { work(i) }
                if spoiled { throw Spoiled() }
                // What the pieces put off is written before the commit; a failed write spoils the batch like a failed piece.
                try writeDeferred()
                if !sqlite.inTransaction { throw Spoiled() }
            }
            return true
        } catch {
            dropDeferred()
            return false
        }
    }

    /// Puts a write off until the open transaction commits or takes a savepoint, so that a value changed by many
    /// requests of one batch (a sequence's last number) is written once. A later write under the same owner and key
    /// replaces an earlier one still waiting. False, and nothing put off, when no transaction is open: the caller
    /// writes now. A rollback drops what is waiting.
    public func deferWrite(owner: String = "", _ key: String, _ write: @escaping (TenantDatabase) throws -> Void) -> Bool {
        guard depth > 0 || batchSpoiled != nil else { return false }
        if let i = deferred.firstIndex(where: { $0.key == key && $0.owner == owner }) {
            deferred[i].write = write
        } else {
            deferred.append((owner, key, write))
        }
        deferredCount &+= 1
        return true
    }

    /// Runs the writes put off so far (for a reader about to look at what they write).
    public func writeDeferred() throws {
        try writePendingRows()
        while !deferred.isEmpty {
            let writes = deferred
            deferred.removeAll()
            for w in writes { try w.write(self) }
        }
    }

    /// Inside a piece's transaction of a batch not yet spoiled: where rows may be put off.
    var isBatching: Bool { batchSpoiled == false && depth > 0 }

    /// A write of the batch failed after changing something: the batch is rolled back whole (no-op outside one).
    func spoilBatch() {
        if batchSpoiled != nil { batchSpoiled = true }
    }

    /// Forgets what was put off (its transaction or savepoint was rolled back).
    private func dropDeferred() {
        guard !deferred.isEmpty || !pendingRows.isEmpty else { return }
        deferred.removeAll()
        pendingRows.removeAll()
        drops &+= 1
    }

    /// Brings the database back to a known state after a failure: no transaction left open, nothing put off.
    /// A no-op on an idle database; called by the tenant's lock when the work it ran has returned.
    public func recoverIfNeeded() {
        guard depth == 0, batchSpoiled == nil else { return }
        dropDeferred()
        sqlite.recoverIfNeeded()
    }

    /// Makes the next stretch of room the in-memory image will grow into resident (`Database.prefault`), a step
    /// further each call. Returns the bytes made resident.
    @discardableResult
    public func prefault() -> Int {
        sqlite.prefault(&prefaulted)
    }
}
