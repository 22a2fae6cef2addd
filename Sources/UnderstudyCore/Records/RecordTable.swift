import Storage

/// One API's table of records, and the document attributes it also keeps in columns of their own.
///
/// A column holds exactly what `json_extract(doc, path)` would read, written by ``RecordStore`` on every insert and
/// update from the document it already has in memory, so SQL reads the column (and its indexes) instead of
/// the document. Each column has an index on `(kind, column, seq, every other column)`: a filter on one column walks
/// its records in sequence order (a page stops after its last row, no sort), and a conjunction of column filters seeks
/// on one and tests the rest inside the index, without loading a row or parsing JSON.
public struct RecordTable: Sendable, ExpressibleByStringLiteral {
    /// The table name, a constant of the API module (never client input).
    public let name: String
    /// The attributes with a column, in column order.
    public let columns: [Attribute]
    /// Indexes over two or more columns, `(kind, first, second, …, seq)`: a conjunction of equalities on them is one
    /// range already in sequence order, however many records each value alone matches.
    public let composites: [[Attribute]]
    /// Column attributes only some records have (one kind's field in a table every kind shares): their index holds
    /// just the records with a value (`WHERE column IS NOT NULL`), so writing any other record leaves it alone.
    /// An equality or range filter on the column still uses it (SQLite sees that the filter implies a value).
    public let sparse: [Attribute]
    /// The write statements, built once: `INSERT` binds kind, seq, key, doc then the columns; `UPDATE` binds doc,
    /// the columns, then one record's place (``ByKey``).
    let insertSQL: String
    /// `insertSQL` up to its `VALUES`, and its one row of placeholders (a batch's inserts go in as one statement).
    let insertHead: String, insertRow: String
    let updateSQL: ByKey
    /// The other fixed statements, also built once: every statement's text is hashed to find its prepared
    /// statement, and building it by interpolation on each call cost more than running some of them.
    let getSQL: ByKey, deleteSQL: ByKey
    let bumpSequenceSQL: String, firstSequenceSQL: String, readSequenceSQL: String, setSequenceSQL: String

    /// A table; attributes whose name or path could not be written into SQL as they are are left without a column.
    /// `composites` name column attributes; a group with a name that has no column, or with fewer than two, is left out.
    /// `sparse` names column attributes whose index skips records without a value; a name with no column is left out.
    public init(_ name: String, columns: [Attribute] = [], composites: [[String]] = [], sparse: [String] = []) {
        self.name = name
        var seen = Set<String>()
        let kept = columns.filter { a in
            DocPath.isPlain(a.path) && !a.name.isEmpty && a.name.utf8.allSatisfy(Self.isNameByte) && seen.insert(a.path).inserted
        }
        self.columns = kept
        columnKeys = kept.map { Self.keys(of: $0.path) }
        self.composites = composites.compactMap { names in
            let group = names.compactMap { n in kept.first { $0.name == n } }
            return group.count == names.count && group.count >= 2 && Set(names).count == names.count ? group : nil
        }
        self.sparse = kept.filter { sparse.contains($0.name) }
        let names = self.columns.map(Self.column)
        insertHead = "INSERT INTO \(name) (kind, seq, key, doc" + names.map { ", " + $0 }.joined() + ")"
        insertRow = "(?, ?, ?, ?" + String(repeating: ", ?", count: names.count) + ")"
        insertSQL = insertHead + " VALUES " + insertRow
        updateSQL = ByKey("UPDATE \(name) SET doc = ?" + names.map { ", \($0) = ?" }.joined())
        getSQL = ByKey("SELECT seq, key, doc FROM \(name)")
        deleteSQL = ByKey("DELETE FROM \(name)")
        bumpSequenceSQL = "UPDATE \(name)_sequences SET last = max(last, ?) + 1 WHERE kind = ?"
        firstSequenceSQL = "INSERT INTO \(name)_sequences (kind, last) VALUES (?, ?)"
        readSequenceSQL = "SELECT last FROM \(name)_sequences WHERE kind = ?"
        setSequenceSQL = "UPDATE \(name)_sequences SET last = ? WHERE kind = ?"
    }

    public init(stringLiteral name: String) { self.init(name) }

    /// The column name of an attribute.
    static func column(_ a: Attribute) -> String { column(named: a.name) }
    static func column(named name: String) -> String { "x_" + name }

    /// How SQL reads a document path: its column when it has one, else `json_extract` (``DocPath/sql(_:_:)``).
    func sql(_ path: String, _ params: inout [SQLValue]) -> String {
        if let a = columns.first(where: { $0.path == path }) { return Self.column(a) }
        return DocPath.sql(path, &params)
    }

    /// The columns' values for a document, as `json_extract` would read them.
    func values(of doc: JSON) -> [SQLValue] {
        columnKeys.map { Self.value(at: $0, in: doc) }
    }

    /// `values(of:)`, appended to the parameters of a write.
    func appendValues(of doc: JSON, to values: inout [SQLValue]) {
        for keys in columnKeys { values.append(Self.value(at: keys, in: doc)) }
    }

    /// The member names along each column's path (`$.a.b` → a, b), split once.
    private let columnKeys: [[String]]

    static func keys(of path: String) -> [String] {
        path.utf8.dropFirst(2).split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map { String(Substring($0)) }
    }

    /// What `json_extract(doc, path)` reads for a plain path (given as its member names): text, integer, real, 1/0
    /// for booleans, NULL for null or missing, the JSON text of an array or object.
    static func value(at keys: [String], in doc: JSON) -> SQLValue {
        var node = doc
        for key in keys {
            guard let next = node[key] else { return .null }
            node = next
        }
        switch node {
        case .null: return .null
        case .bool(let b): return .integer(b ? 1 : 0)
        case .int(let i): return .integer(Int64(i))
        case .double(let d): return d.isFinite ? .real(d) : .null
        case .string(let s): return .text(s)
        case .array, .object: return .text(node.text)
        }
    }

    /// The index of a column attribute: `(kind, column, seq, every other column)`, only over records with a value
    /// when the attribute is sparse.
    private func columnIndexSQL(_ a: Attribute) -> String {
        let others = columns.filter { $0.path != a.path }.map(Self.column)
        let only = sparse.contains { $0.path == a.path } ? " WHERE \(Self.column(a)) IS NOT NULL" : ""
        return "CREATE INDEX \(name)_\(Self.column(a)) ON \(name) (" + (["kind", Self.column(a), "seq"] + others).joined(separator: ", ") + ")\(only);"
    }

    /// The records table: a rowid table, so that a new record (whose rowid is one past the last) is appended at the
    /// end of its B-tree, where SQLite splits a full page by starting a new one. Keyed on (kind, seq) instead (as
    /// it was `WITHOUT ROWID`), every record lands in the middle of the tree, each a few hundred bytes of JSON,
    /// and the page it fills is rebalanced with its neighbours, copying all their cells, every few inserts.
    static func createSQL(_ name: String, columns: [String]) -> String {
        "CREATE TABLE \(name) (kind TEXT NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL"
            + columns.map { ", " + $0 }.joined() + ");"
    }

    /// Each kind's records in sequence order (and never two with one number): what the table's key was before.
    static func sequenceIndexSQL(_ name: String) -> String { "CREATE UNIQUE INDEX \(name)_seq ON \(name) (kind, seq);" }

    /// Public keys, unique within a kind. Most records' key is their sequence number written in decimal (BOSSDesk's
    /// friendly ids, Fleetio's ids): those are found by the sequence index, and this one holds only the others
    /// (UUIDs, tokens, file keys), so that writing such a record costs one B-tree less. A key that reads as a
    /// decimal number must be its record's own sequence number (``RecordStore/insert(_:seq:key:doc:)`` refuses
    /// others), so a key is never in both places.
    static func keyIndexSQL(_ name: String) -> String {
        "CREATE UNIQUE INDEX \(name)_key ON \(name) (kind, key) WHERE \(ByKey.otherKeys);"
    }

    /// The sequence number a key names when it is one written in decimal (as SQLite's `CAST(seq AS TEXT)` writes it:
    /// no sign but a minus, no leading zeros); nil for any other key.
    static func sequence(ofKey key: String) -> Int? {
        guard let n = Int(key), String(n) == key else { return nil }
        return n
    }

    /// A statement on one record named by kind and key, in its two forms: by sequence number for a key that is one
    /// (binding kind, seq, key) and through the key index for any other (binding kind, key).
    struct ByKey: Sendable {
        let bySequence: String
        let byKey: String
        /// The records the key index holds (its `WHERE`; a query must repeat it for SQLite to use the index).
        static let otherKeys = "key <> CAST(seq AS TEXT)"

        init(_ statement: String) {
            bySequence = statement + " WHERE kind = ? AND seq = ? AND key = ?"
            byKey = statement + " WHERE kind = ? AND key = ? AND \(Self.otherKeys)"
        }

        /// The statement for this key, and the parameters that place the record (appended to `values`).
        func sql(kind: String, key: String, appendingTo values: inout [SQLValue]) -> String {
            values.append(.text(kind))
            if let seq = RecordTable.sequence(ofKey: key) {
                values.append(.integer(Int64(seq)))
                values.append(.text(key))
                return bySequence
            }
            values.append(.text(key))
            return byKey
        }
    }

    /// The records table with its columns, all its indexes and their statistics: for ``RecordStore/schema(table:group:version:)``.
    func schemaSQL() -> [String] {
        [Self.createSQL(name, columns: columns.map(Self.column))] + indexesSQL()
    }

    /// Every index of the records table, and their statistics when it has columns.
    private func indexesSQL() -> [String] {
        var sql = [Self.sequenceIndexSQL(name), Self.keyIndexSQL(name)]
        sql += columns.map(columnIndexSQL)
        sql += composites.map(compositeIndexSQL)
        if !columns.isEmpty { sql += statistics() }
        return sql
    }

    /// A composite index, `(kind, first, second, …, seq)`. It serves conjunctions of equalities, which never match
    /// NULL, so it leaves out the records where any of its columns is NULL: a record without one of them (a ticket
    /// nobody is assigned to yet) is written without touching it, and a filter on those columns still uses it.
    private func compositeIndexSQL(_ group: [Attribute]) -> String {
        "CREATE INDEX IF NOT EXISTS \(compositeIndexName(group)) ON \(name) (" + (["kind"] + group.map(Self.column) + ["seq"]).joined(separator: ", ")
            + ") WHERE " + group.map { "\(Self.column($0)) IS NOT NULL" }.joined(separator: " AND ") + ";"
    }

    func compositeIndexName(_ group: [Attribute]) -> String { "\(name)_" + group.map { Self.column(named: $0.name) }.joined(separator: "_") }

    /// Fixed `sqlite_stat1` rows for every index of the table (with no statistics SQLite takes `kind = ?` for a
    /// selective term and keeps to the primary key: a kind holds many records, an indexed value far fewer): each further
    /// equality column of a composite narrows the match, so SQLite prefers the composite that covers the most terms.
    private func statistics() -> [String] {
        var stats = [("\(name)_seq", Self.statsUnique), ("\(name)_key", Self.statsUnique)]
        for a in columns {
            stats.append(("\(name)_\(Self.column(a))", Self.statsIndexed + String(repeating: " 1", count: columns.count)))
        }
        for group in composites {
            var figures = Self.statsIndexed
            var rows = Self.rowsPerValue
            for _ in group.dropFirst() { rows = max(2, rows / 2); figures += " \(rows)" }
            stats.append((compositeIndexName(group), figures + " 1"))
        }
        return ["ANALYZE \(name);",
                "DELETE FROM sqlite_stat1 WHERE tbl = '\(name)';",
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('\(name)', NULL, '\(Self.statsRows)'), "
                    + stats.map { "('\(name)', '\($0.0)', '\($0.1)')" }.joined(separator: ", ") + ";",
                "ANALYZE sqlite_schema;"]
    }

    /// `sqlite_stat1` rows: rows in the table, rows per kind, rows per (kind, value) (then one per further index column).
    static let statsUnique = "\(statsRows) 25000 1"
    /// The rows the statistics claim the table has.
    static let statsRows = 100000
    static let statsIndexed = "\(statsRows) 25000 \(rowsPerValue)"
    /// Records per (kind, value) the statistics claim for an indexed column.
    static let rowsPerValue = 10

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
    }
}
