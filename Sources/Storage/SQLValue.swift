/// One SQLite value: what a statement binds and what a row holds.
public enum SQLValue: Sendable, Equatable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// The value as an integer, when it is one (reals are truncated, numeric text is parsed). A real beyond `Int`'s
    /// range (a client's 1e300) or not a number is nil, never a trap.
    public var int: Int? {
        switch self {
        case .integer(let v): return Int(v)
        case .real(let v): return v.isFinite ? Int(exactly: v.rounded(.towardZero)) : nil
        case .text(let s): return Int(s)
        default: return nil
        }
    }

    /// The value as a double, when it is numeric.
    public var double: Double? {
        switch self {
        case .integer(let v): return Double(v)
        case .real(let v): return v
        case .text(let s): return Double(s)
        default: return nil
        }
    }

    /// The value as text, when it is text or a number.
    public var string: String? {
        switch self {
        case .text(let s): return s
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        case .null: return nil
        }
    }

    /// SQLite's boolean convention: non-zero integers are true.
    public var bool: Bool? {
        switch self {
        case .integer(let v): return v != 0
        case .null: return nil
        default: return int.map { $0 != 0 }
        }
    }

    /// The bytes of a blob (or of text).
    public var bytes: [UInt8]? {
        switch self {
        case .blob(let b): return b
        case .text(let s): return Array(s.utf8)
        default: return nil
        }
    }

    public var isNull: Bool { if case .null = self { return true } else { return false } }
}

/// Types that bind as a statement parameter.
public protocol SQLBindable: Sendable {
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLBindable { public var sqlValue: SQLValue { self } }
extension Int: SQLBindable { public var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Int64: SQLBindable { public var sqlValue: SQLValue { .integer(self) } }
extension Double: SQLBindable { public var sqlValue: SQLValue { .real(self) } }
extension String: SQLBindable { public var sqlValue: SQLValue { .text(self) } }
extension Substring: SQLBindable { public var sqlValue: SQLValue { .text(String(self)) } }
extension Bool: SQLBindable { public var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension Array: SQLBindable where Element == UInt8 { public var sqlValue: SQLValue { .blob(self) } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}
