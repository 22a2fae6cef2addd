import CSQLite

/// A failed SQLite call: the result code, SQLite's message and the statement it came from.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The primary or extended result code.
    public let code: Int32
    /// SQLite's own message for it.
    public let message: String
    /// The SQL text, when the error belongs to a statement.
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// True for a UNIQUE or PRIMARY KEY violation.
    public var isUniqueViolation: Bool { code == Self.uniqueViolation || code == Self.primaryKeyViolation }

    // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY are macro expressions Swift cannot import.
    public static let uniqueViolation: Int32 = 2067
    static let primaryKeyViolation: Int32 = 1555

    /// True for any constraint violation (foreign keys, NOT NULL, CHECK, UNIQUE).
    public var isConstraintViolation: Bool { code & 0xff == SQLITE_CONSTRAINT }

    public var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " in \($0)" } ?? "")
    }
}
