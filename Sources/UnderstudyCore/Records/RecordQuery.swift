import Storage

/// How a stored JSON value compares: decides how a query-string value is converted before it is bound.
public enum AttributeType: Sendable {
    case int, double, string, bool
    /// ISO-8601 instants, stored in one UTC format so that they compare as text.
    case timestamp
    /// `YYYY-MM-DD` dates.
    case date
}

/// A field a client may filter or sort on: its public name, where it lives in the stored document, its type.
/// Only attributes from such allow-lists ever reach SQL, and then only as bound JSON paths.
public struct Attribute: Sendable {
    public let name: String
    /// JSON path inside the stored document, e.g. `$.vehicle_id` or `$.group.name`.
    public let path: String
    public let type: AttributeType

    public init(_ name: String, _ type: AttributeType, path: String? = nil) {
        self.name = name
        self.type = type
        self.path = path ?? "$." + name
    }

    /// Converts a query-string value to what the stored JSON holds; nil when it cannot be one.
    public func convert(_ text: String) -> SQLValue? {
        switch type {
        case .string: return .text(text)
        case .int: return Int(text).map { .integer(Int64($0)) }
        case .double: return Double(text).map { .real($0) }
        case .bool:
            switch text.lowercased() {
            case "true", "1", "t", "yes": return .integer(1)
            case "false", "0", "f", "no": return .integer(0)
            default: return nil
            }
        case .timestamp: return ISO8601.parse(text).map { .text(RecordTime.format($0)) }
        case .date: return ISO8601.parse(text).map { .text(ISO8601.date($0)) }
        }
    }
}

/// The one timestamp format stored documents use, so that text order is time order.
public enum RecordTime {
    /// `2026-11-23T07:26:23.000Z`: UTC, millisecond precision.
    public static func format(_ epoch: Double) -> String { ISO8601.format(epoch, fractionDigits: 3) }
}

/// A comparison, shared by every vendor's filter syntax (Ransack predicates, Fleetio `filter[f][op]`, plain query filters).
public enum Predicate: String, Sendable, CaseIterable {
    case eq, notEq = "not_eq", lt, lteq, gt, gteq
    case `in`, notIn = "not_in"
    case cont, notCont = "not_cont", iCont = "i_cont", start, notStart = "not_start", end, notEnd = "not_end"
    case matches, doesNotMatch = "does_not_match"
    case `true`, `false`, present, blank, null, notNull = "not_null"

    /// Predicates that take no value of their own (the value says whether to apply them: `q[x_null]=1`).
    public var isUnary: Bool {
        switch self {
        case .true, .false, .present, .blank, .null, .notNull: return true
        default: return false
        }
    }
}

/// One condition on a stored document.
public indirect enum Condition: Sendable {
    case compare(Attribute, Predicate, [SQLValue])
    /// Any of these holds.
    case any([Condition])
    /// All of these hold.
    case all([Condition])
    /// A raw equality on a path, for the store's own use (e.g. a parent id).
    case pathEquals(String, SQLValue)
}

/// A sort key: an attribute and a direction.
public struct SortKey: Sendable {
    public let attribute: Attribute
    public let descending: Bool
    public init(_ attribute: Attribute, descending: Bool) {
        self.attribute = attribute
        self.descending = descending
    }
}

/// What to fetch of one kind of record.
public struct RecordQuery: Sendable {
    public var kind: String
    public var conditions: [Condition] = []
    /// Applied in order; the record's sequence number always breaks ties (same direction as the last key).
    public var sort: [SortKey] = []
    /// When no sort key is given: newest first (`seq DESC`) or oldest first.
    public var newestFirst = false
    public var limit: Int?
    public var offset: Int = 0
    /// Keyset position: only records after this one in the sort order (cursor pagination).
    public var after: Keyset?

    public init(kind: String) { self.kind = kind }
}

/// A position in a sorted list: the sort values of one record and its sequence number.
public struct Keyset: Sendable, Equatable {
    public var values: [SQLValue]
    public var seq: Int
    public init(values: [SQLValue], seq: Int) {
        self.values = values
        self.seq = seq
    }
}

/// How SQL reads a JSON path of the stored document. Paths come only from the allow-lists in code (``Attribute``),
/// never from a client. A plain path (`$.a.b_c`) is written into the SQL as a literal; anything else is bound.
/// (Attributes that filters must find fast have columns of their own: ``RecordTable``.)
enum DocPath {
    static func isPlain(_ path: String) -> Bool {
        guard path.hasPrefix("$."), path.count <= 100 else { return false }
        return path.utf8.dropFirst(2).allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2E
        } && !path.hasSuffix(".") && !path.contains("..")
    }

    /// `json_extract(doc, '$.a')` for a plain path; otherwise `json_extract(doc, ?)` with the path appended to `params`.
    static func sql(_ path: String, _ params: inout [SQLValue]) -> String {
        if isPlain(path) { return "json_extract(doc, '\(path)')" }
        params.append(.text(path))
        return "json_extract(doc, ?)"
    }
}

/// Compiles conditions to parameterised SQL. Column and path text never comes from a client, and values are
/// always bound.
struct SQLCompiler {
    /// Which attributes have columns of their own.
    let table: RecordTable
    var params: [SQLValue] = []

    /// The SQL for an attribute's value.
    private mutating func x(_ a: Attribute) -> String { table.sql(a.path, &params) }

    private mutating func bind(_ v: SQLValue) -> String {
        params.append(v)
        return "?"
    }

    mutating func compile(_ c: Condition) -> String {
        switch c {
        case .pathEquals(let path, let value):
            return "\(table.sql(path, &params)) = \(bind(value))"
        case .all(let cs):
            return cs.isEmpty ? "1" : "(" + cs.map { compile($0) }.joined(separator: " AND ") + ")"
        case .any(let cs):
            return cs.isEmpty ? "0" : "(" + cs.map { compile($0) }.joined(separator: " OR ") + ")"
        case .compare(let a, let p, let values):
            return compare(a, p, values)
        }
    }

    private mutating func compare(_ a: Attribute, _ p: Predicate, _ values: [SQLValue]) -> String {
        let v = values.first ?? .null
        let text = SQLValue.text(v.string ?? "")
        let like = SQLValue.text("%" + Self.escapeLike(v.string ?? "") + "%")
        switch p {
        case .eq: return "\(x(a)) = \(bind(v))"
        case .notEq: return "\(x(a)) IS NOT \(bind(v))"
        case .lt: return "\(x(a)) < \(bind(v))"
        case .lteq: return "\(x(a)) <= \(bind(v))"
        case .gt: return "\(x(a)) > \(bind(v))"
        case .gteq: return "\(x(a)) >= \(bind(v))"
        case .in:
            guard !values.isEmpty else { return "0" }
            return "\(x(a)) IN (\(values.map { bind($0) }.joined(separator: ", ")))"
        case .notIn:
            guard !values.isEmpty else { return "1" }
            return "(\(x(a)) IS NULL OR \(x(a)) NOT IN (\(values.map { bind($0) }.joined(separator: ", "))))"
        // Case-sensitive substring tests use instr/substr: LIKE would fold ASCII case.
        case .cont: return "instr(\(x(a)), \(bind(text))) > 0"
        case .notCont: return "COALESCE(instr(\(x(a)), \(bind(text))), 0) = 0"
        case .start: return "substr(\(x(a)), 1, length(\(bind(text)))) = \(bind(text))"
        case .notStart: return "COALESCE(substr(\(x(a)), 1, length(\(bind(text)))) <> \(bind(text)), 1)"
        case .end: return "substr(\(x(a)), -length(\(bind(text)))) = \(bind(text))"
        case .notEnd: return "COALESCE(substr(\(x(a)), -length(\(bind(text)))) <> \(bind(text)), 1)"
        case .iCont: return "\(x(a)) LIKE \(bind(like)) ESCAPE '\\'"
        // Ransack's matches: the value is itself a LIKE pattern.
        case .matches: return "\(x(a)) LIKE \(bind(text))"
        case .doesNotMatch: return "COALESCE(\(x(a)) NOT LIKE \(bind(text)), 1)"
        case .true: return "\(x(a)) = 1"
        case .false: return "\(x(a)) = 0"
        case .null: return "\(x(a)) IS NULL"
        case .notNull: return "\(x(a)) IS NOT NULL"
        case .present: return "COALESCE(trim(\(x(a))), '') <> ''"
        case .blank: return "COALESCE(trim(\(x(a))), '') = ''"
        }
    }

    /// Escapes `%`, `_` and `\` for `LIKE … ESCAPE '\'`.
    static func escapeLike(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch == "%" || ch == "_" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
