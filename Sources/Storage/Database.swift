import CSQLite

/// One SQLite connection.
///
/// Not thread-safe by itself: the owner confines it to one lock or queue (a tenant's lock in
/// UnderstudyCore). It is `@unchecked Sendable` so that owner can hand it between threads under that lock.
public final class Database: @unchecked Sendable {
    /// Where a database lives.
    public enum Location: Sendable, Equatable {
        /// A private in-memory database (SQLite's `memdb` VFS: the image is one buffer, read through the page cache).
        case memory
        /// A file, opened in WAL mode with `synchronous=NORMAL`: committed transactions survive a crash of the process.
        case file(String)
    }

    let handle: OpaquePointer
    /// Where this database lives.
    public let location: Location
    private var cache: [String: Statement] = [:]
    var transactionDepth = 0

    /// Moves on whenever rows may have gone back to an earlier state, which `totalChanges` does not show:
    /// a transaction or savepoint rolled back, or a whole database copied over this one.
    public private(set) var rewinds: UInt64 = 0

    /// Process-wide SQLite settings, made once before the first connection opens (SQLite takes them only before it
    /// initialises): no memory statistics, which we never read and which cost a global mutex and a size lookup
    /// on every allocation SQLite makes (Debian's SQLite is built without lookaside, so every cursor and record
    /// buffer of every statement is one).
    private static let configured: Void = {
        _ = csqlite_config_int(SQLITE_CONFIG_MEMSTATUS, 0)
    }()

    /// Opens (creating when needed) a database.
    public init(_ location: Location = .memory) throws {
        _ = Database.configured
        var db: OpaquePointer?
        let path: String
        switch location {
        // Not ":memory:": that keeps every page in the page cache, and each COMMIT then walks the cache's hash table
        // (pcache1 truncation), so a write costs more the bigger the database grows (4x at 20,000 pages).
        // A memdb name without a leading "/" is private to this connection. (SQLite before 3.36, or built without
        // deserialize, has no memdb: then ":memory:" still works, only slower as it grows.)
        case .memory: path = sqlite3_vfs_find("memdb") != nil ? "file:understudy?vfs=memdb" : ":memory:"
        case .file(let p): path = p
        }
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message, sql: nil)
        }
        self.handle = db
        self.location = location
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, Database.busyTimeoutMilliseconds)
        _ = csqlite_db_config_flag(db, SQLITE_DBCONFIG_ENABLE_FKEY, 1)
        try execute("PRAGMA foreign_keys = ON")
        // Debian builds SQLite to overwrite deleted content with zeros, which costs a memset each time a page
        // sheds cells (every B-tree split); nothing here needs deleted bytes wiped.
        try execute("PRAGMA secure_delete = OFF")
        limitMemory()
        if case .file = location {
            try execute("PRAGMA journal_mode = WAL")
            try execute("PRAGMA synchronous = NORMAL")
        }
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// The most an in-memory database may grow to (memdb's own default is 1 GiB); past it, writes fail with SQLITE_FULL.
    public static let memoryLimitBytes: sqlite3_int64 = 64 << 30

    /// Lets an in-memory database grow to `memoryLimitBytes` (set again whenever its image is replaced).
    private func limitMemory() {
        guard location == .memory else { return }
        var limit = Database.memoryLimitBytes
        sqlite3_file_control(handle, "main", SQLITE_FCNTL_SIZE_LIMIT, &limit)
    }

    /// Frees the page cache's unused pages. For an in-memory database that is only copied from (a template, a
    /// snapshot) they are a second copy of its rows.
    public func releaseCache() {
        sqlite3_db_release_memory(handle)
    }

    /// How far an in-memory database may grow, in bytes (nil for a file).
    public var memorySizeLimit: Int64? {
        guard location == .memory else { return nil }
        var query: sqlite3_int64 = -1   // negative: report the limit without changing it
        return sqlite3_file_control(handle, "main", SQLITE_FCNTL_SIZE_LIMIT, &query) == SQLITE_OK ? Int64(query) : nil
    }

    /// How long a statement waits for another connection's lock on the same file before failing.
    public static let busyTimeoutMilliseconds: Int32 = 5_000

    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func statement(_ sql: String) throws -> Statement {
        if let s = cache[sql] { return s }
        let s = try Statement(database: self, sql: sql)
        cache[sql] = s
        return s
    }

    /// Runs one or more statements without parameters (schema, pragmas).
    public func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? lastMessage
            sqlite3_free(error)
            throw SQLiteError(code: rc, message: message, sql: sql)
        }
    }

    /// Runs one statement with `?` parameters that returns no rows.
    public func run(_ sql: String, _ params: [any SQLBindable] = []) throws {
        try run(sql, values: params.map(\.sqlValue))
    }

    /// `run` with the values already made (no array of existentials built and mapped on the way).
    public func run(_ sql: String, values: [SQLValue]) throws {
        let s = try statement(sql)
        try s.bind(values)
        try s.run()
    }

    /// Runs one statement with `?` parameters and returns its rows.
    public func query(_ sql: String, _ params: [any SQLBindable] = []) throws -> [Row] {
        let s = try statement(sql)
        try s.bind(params.map(\.sqlValue))
        return try s.rows()
    }

    /// The first row of a query, if any.
    public func first(_ sql: String, _ params: [any SQLBindable] = []) throws -> Row? {
        try query(sql, params).first
    }

    /// The first column of the first row, or `.null`.
    public func scalar(_ sql: String, _ params: [any SQLBindable] = []) throws -> SQLValue {
        try first(sql, params)?.values.first ?? .null
    }

    /// The rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by every INSERT, UPDATE and DELETE since the connection opened (rolled back ones included).
    public var totalChanges: Int64 { Int64(sqlite3_total_changes64(handle)) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` in a transaction: `BEGIN IMMEDIATE` at the outermost level (so the write lock is taken up front),
    /// a savepoint when nested. Commits when `body` returns, rolls back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let outer = transactionDepth == 0
        let savepoint = "sp\(transactionDepth)"
        if outer {
            try run("BEGIN IMMEDIATE")
        } else {
            try run("SAVEPOINT \(savepoint)")
        }
        transactionDepth += 1
        let result: T
        do {
            result = try body()
        } catch {
            transactionDepth -= 1
            rollBack(savepoint: outer ? nil : savepoint)
            throw error
        }
        transactionDepth -= 1
        do {
            if outer { try run("COMMIT") } else { try run("RELEASE \(savepoint)") }
        } catch {
            // A failed COMMIT (disk full, I/O error) may leave the transaction open: end it, so the connection is
            // back outside any transaction and the next write starts afresh.
            rollBack(savepoint: outer ? nil : savepoint)
            throw error
        }
        return result
    }

    /// Undoes the transaction (`savepoint` nil) or the savepoint that failed.
    /// Tolerates SQLite having rolled the transaction back by itself already.
    private func rollBack(savepoint: String?) {
        rewinds &+= 1
        if let savepoint {
            if sqlite3_get_autocommit(handle) == 0 { try? execute("ROLLBACK TO \(savepoint); RELEASE \(savepoint)") }
        } else {
            endOpenTransaction()
        }
    }

    /// Whether a transaction is open on the connection (SQLite's own view, not `transactionDepth`).
    public var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Brings the connection back to a known state after a failure: no transaction left open (one left behind
    /// is rolled back). A no-op on an idle connection or inside ``transaction(_:)``; called by whoever hands the
    /// connection on (a tenant's lock) when the work it ran has returned.
    public func recoverIfNeeded() {
        guard transactionDepth == 0, sqlite3_get_autocommit(handle) == 0 else { return }
        rewinds &+= 1
        endOpenTransaction()
    }

    private func endOpenTransaction() {
        if sqlite3_get_autocommit(handle) == 0 { try? run("ROLLBACK") }
    }

    /// Copies this whole database over `destination`. Both must be idle (no open transaction, no statement mid-step).
    /// Cached statements of `destination` stay valid (SQLite prepares them again for the new schema when needed).
    /// Between two in-memory databases the image is copied in one piece (`sqlite3_serialize` / `sqlite3_deserialize`);
    /// anything involving a file goes page by page through SQLite's online backup API.
    public func copy(into destination: Database) throws {
        defer { destination.rewinds &+= 1 }
        if location == .memory && destination.location == .memory, try copyImage(into: destination) { return }
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw SQLiteError(code: sqlite3_errcode(destination.handle), message: destination.lastMessage)
        }
        let rc = sqlite3_backup_step(backup, -1)
        let finish = sqlite3_backup_finish(backup)
        guard rc == SQLITE_DONE, finish == SQLITE_OK else {
            throw SQLiteError(code: rc == SQLITE_DONE ? finish : rc, message: destination.lastMessage)
        }
    }

    /// False when this database has no image to hand out (empty), so the caller goes page by page instead.
    private func copyImage(into destination: Database) throws -> Bool {
        var size: sqlite3_int64 = 0
        // NOCOPY hands out memdb's own buffer (valid until this connection next writes); copy it into a buffer
        // the destination will own and free.
        guard let image = sqlite3_serialize(handle, "main", &size, UInt32(SQLITE_SERIALIZE_NOCOPY)), size > 0 else { return false }
        guard let copy = sqlite3_malloc64(sqlite3_uint64(size))?.assumingMemoryBound(to: UInt8.self) else {
            throw SQLiteError(code: SQLITE_NOMEM, message: "cannot copy the database image")
        }
        copy.update(from: image, count: Int(size))
        let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE)
        let rc = sqlite3_deserialize(destination.handle, "main", copy, size, size, flags)
        guard rc == SQLITE_OK else { throw SQLiteError(code: rc, message: destination.lastMessage) }
        destination.limitMemory()
        return true
    }

    /// A new in-memory database holding a copy of this one.
    public func snapshot() throws -> Database {
        let copy = try Database(.memory)
        try self.copy(into: copy)
        return copy
    }

    /// Writes the WAL back into the main file (used on shutdown).
    public func checkpoint() throws {
        if case .file = location { try execute("PRAGMA wal_checkpoint(TRUNCATE)") }
    }
}
