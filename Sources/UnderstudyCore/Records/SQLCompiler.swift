import Storage

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
