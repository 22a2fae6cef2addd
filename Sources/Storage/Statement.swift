import CSQLite

/// A prepared statement. Confined to its database's queue; finalized in `deinit`.
public final class Statement {
    let handle: OpaquePointer
    /// The SQL it was prepared from.
    public let sql: String
    private unowned let database: Database
    private var columnNames: [String]?

    init(database: Database, sql: String) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw SQLiteError(code: rc, message: database.lastMessage, sql: sql)
        }
        self.handle = stmt
        self.sql = sql
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds the parameters in order (`?` placeholders). Every parameter is bound each time (the count must match),
    /// so earlier bindings never need clearing.
    func bind(_ params: [SQLValue]) throws {
        sqlite3_reset(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == params.count else {
            throw SQLiteError(code: SQLITE_RANGE, message: "expected \(expected) parameters, got \(params.count)", sql: sql)
        }
        for (offset, value) in params.enumerated() {
            let i = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, i)
            case .integer(let v): rc = sqlite3_bind_int64(handle, i, v)
            case .real(let v): rc = sqlite3_bind_double(handle, i, v)
            case .text(let s): rc = Self.bindText(handle, i, s)
            case .blob(let b):
                rc = b.withUnsafeBytes { raw in
                    sqlite3_bind_blob64(handle, i, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1), sqlite3_uint64(b.count), csqlite_transient())
                }
            }
            guard rc == SQLITE_OK else { throw SQLiteError(code: rc, message: database.lastMessage, sql: sql) }
        }
    }

    /// Binds a string's UTF-8 bytes in place (passing the String as a C string would copy it into a new array first).
    private static func bindText(_ handle: OpaquePointer, _ i: Int32, _ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            // An empty buffer may have no address, and a null pointer would bind NULL rather than ''.
            guard let base = bytes.baseAddress else { return sqlite3_bind_text(handle, i, "", 0, csqlite_transient()) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text64(handle, i, $0, sqlite3_uint64(bytes.count), csqlite_transient(), UInt8(SQLITE_UTF8))
            }
        }
    }

    private func names() -> [String] {
        if let columnNames { return columnNames }
        let n = sqlite3_column_count(handle)
        let names = (0..<n).map { String(cString: sqlite3_column_name(handle, $0)) }
        columnNames = names
        return names
    }

    /// Runs the statement to completion, collecting every row.
    func rows() throws -> [Row] {
        defer { sqlite3_reset(handle) }
        var out: [Row] = []
        let cols = names()
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw SQLiteError(code: sqlite3_extended_errcode(database.handle), message: database.lastMessage, sql: sql) }
            var values: [SQLValue] = []
            values.reserveCapacity(cols.count)
            for c in 0..<Int32(cols.count) { values.append(column(c)) }
            out.append(Row(columns: cols, values: values))
        }
        return out
    }

    /// Runs a statement that returns no rows.
    func run() throws {
        defer { sqlite3_reset(handle) }
        var rc = sqlite3_step(handle)
        while rc == SQLITE_ROW { rc = sqlite3_step(handle) }
        guard rc == SQLITE_DONE else {
            throw SQLiteError(code: sqlite3_extended_errcode(database.handle), message: database.lastMessage, sql: sql)
        }
    }

    private func column(_ c: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, c) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, c))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, c))
        case SQLITE_TEXT:
            guard let p = sqlite3_column_text(handle, c) else { return .text("") }
            let n = Int(sqlite3_column_bytes(handle, c))
            return .text(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(handle, c))
            guard n > 0, let p = sqlite3_column_blob(handle, c) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default: return .null
        }
    }
}
