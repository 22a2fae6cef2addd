import Storage

/// One table of JSON documents per API, holding every kind of record that API has (`issue`, `fault`, `ticket` …).
/// Each record has a kind, a sequence number that is never reused within its kind (its insertion order, and the
/// integer id of APIs whose ids are integers), a public key (the id clients see, as text) and the document.
///
/// This is the shared storage mechanism of the four simulated APIs: filters, sorts and pages are compiled to
/// parameterised SQL by ``RecordQuery``; vendor stores add their own rules on top.
public struct RecordStore {
    public let db: TenantDatabase
    /// The table: its name and the attributes kept in columns.
    public let layout: RecordTable
    /// The table name, a constant of the API module (never client input).
    public var table: String { layout.name }

    public init(_ db: TenantDatabase, table: RecordTable) {
        self.db = db
        self.layout = table
        kept = RecordCache.of(db, table: table.name)
    }

    /// Looked up once per store (a store lives for one request).
    private let kept: RecordCache

    /// Records this table's store read before, still valid (see ``RecordCache``).
    private var cache: RecordCache {
        kept.check(db)
        return kept
    }

    /// An API's schema: its records table (columns, indexes, statistics), sequences and blobs (uploaded file bytes).
    public static func schema(table: RecordTable, group: String, version: Int) -> Schema {
        Schema(group: group, version: version,
               sql: (table.schemaSQL() + [sequencesSQL(table.name), blobsSQL(table.name)]).joined(separator: "\n"))
    }

    private static func sequencesSQL(_ table: String) -> String {
        "CREATE TABLE \(table)_sequences (kind TEXT PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID;"
    }

    private static func blobsSQL(_ table: String) -> String {
        "CREATE TABLE \(table)_blobs (key TEXT PRIMARY KEY, content_type TEXT NOT NULL, bytes BLOB NOT NULL) WITHOUT ROWID;"
    }

    /// The next sequence number of a kind (starting after `floor`); never hands out the same one twice.
    /// When the cache knows the last number, the next is written by one UPDATE, and inside a transaction only when
    /// it commits or takes a savepoint (``TenantDatabase/deferWrite(owner:_:_:)``: the creates of one batch move a sequence with
    /// one write). Else an UPDATE and a read (rather than one UPSERT … RETURNING, which makes SQLite build a temporary
    /// table on every call).
    public func nextSequence(_ kind: String, floor: Int = 0) throws -> Int {
        let cache = self.cache
        if let last = cache.sequence(kind) {
            let next = Swift.max(last, floor) + 1
            let (table, sql) = (layout.name, layout.setSequenceSQL)
            let write = { (db: TenantDatabase) throws in
                let cache = RecordCache.of(db, table: table)
                try db.run(sql, [next, kind])
                guard db.changes == 1 else { throw SQLiteError(code: 1, message: "no sequence row for \(kind)") }
                cache.wroteSequence(kind, next, db)
            }
            if db.deferWrite(owner: table, kind, write) {
                cache.wroteSequence(kind, next, db)
                return next
            }
            try db.run(layout.setSequenceSQL, [next, kind])
            if db.changes == 1 {
                cache.wroteSequence(kind, next, db)
                return next
            }
        }
        // The table is read below: a number put off must be in it first.
        try db.writeDeferred()
        try db.run(layout.bumpSequenceSQL, [floor, kind])
        if db.changes == 0 {
            try db.run(layout.firstSequenceSQL, [kind, floor + 1])
            cache.wroteSequence(kind, floor + 1, db)
            return floor + 1
        }
        guard let next = try db.scalar(layout.readSequenceSQL, [kind]).int else {
            throw SQLiteError(code: 1, message: "no sequence value for \(kind)")
        }
        cache.wroteSequence(kind, next, db)
        return next
    }

    /// Stores (or replaces) the bytes of an uploaded file.
    public func putBlob(_ key: String, contentType: String, bytes: [UInt8]) throws {
        let cache = self.cache
        defer { cache.wroteOther(db) }
        try db.run("INSERT OR REPLACE INTO \(table)_blobs (key, content_type, bytes) VALUES (?, ?, ?)", [key, contentType, bytes])
    }

    /// The bytes and content type of an uploaded file.
    public func blob(_ key: String) throws -> (contentType: String, bytes: [UInt8])? {
        guard let row = try db.first("SELECT content_type, bytes FROM \(table)_blobs WHERE key = ?", [key]) else { return nil }
        return (row.string("content_type") ?? MediaType.fallback, row["bytes"].bytes ?? [])
    }

    /// Deletes stored files whose key starts with `prefix`.
    public func deleteBlobs(prefix: String) throws {
        let cache = self.cache
        defer { cache.wroteOther(db) }
        try db.run("DELETE FROM \(table)_blobs WHERE substr(key, 1, length(?)) = ?", [prefix, prefix])
    }

    /// Stores a new record. A key that reads as a decimal number must be the record's own sequence number
    /// (``RecordTable/keyIndexSQL(_:)``); any other key is refused like a repeated one.
    public func insert(_ kind: String, seq: Int, key: String, doc: JSON) throws {
        if let named = RecordTable.sequence(ofKey: key), named != seq {
            throw SQLiteError(code: SQLiteError.uniqueViolation, message: "key \(key) of a \(kind) names sequence number \(named), not its own \(seq)")
        }
        let cache = self.cache
        defer { cache.wrote(kind, db) }
        var values: [SQLValue] = []
        values.reserveCapacity(4 + layout.columns.count)
        values += [.text(kind), .integer(Int64(seq)), .text(key), .text(doc.text)]
        layout.appendValues(of: doc, to: &values)
        // In a batch the row waits for the batch's next statement, to go in with the other rows put off by then.
        if db.deferInsert(layout.insertHead, row: layout.insertRow, values: values, then: { cache.wrote(kind, $0) }) { return }
        try db.run(layout.insertSQL, values: values)
    }

    /// Replaces a record's document; false when there is no such record.
    @discardableResult
    public func update(_ kind: String, key: String, doc: JSON) throws -> Bool {
        let cache = self.cache
        defer { cache.wrote(kind, db) }
        var values: [SQLValue] = []
        values.reserveCapacity(4 + layout.columns.count)
        values.append(.text(doc.text))
        layout.appendValues(of: doc, to: &values)
        try db.run(layout.updateSQL.sql(kind: kind, key: key, appendingTo: &values), values: values)
        return db.changes > 0
    }

    /// Deletes a record; false when there was none.
    @discardableResult
    public func delete(_ kind: String, key: String) throws -> Bool {
        let cache = self.cache
        defer { cache.wrote(kind, db) }
        var place: [SQLValue] = []
        try db.run(layout.deleteSQL.sql(kind: kind, key: key, appendingTo: &place), values: place)
        return db.changes > 0
    }

    /// Deletes every record of a kind matching the conditions; returns how many.
    @discardableResult
    public func deleteAll(_ kind: String, where conditions: [Condition]) throws -> Int {
        var c = SQLCompiler(table: layout)
        let clause = c.compile(.all(conditions))
        let cache = self.cache
        defer { cache.wrote(kind, db) }
        try db.run("DELETE FROM \(table) WHERE kind = ? AND \(clause)", [SQLValue.text(kind)] + c.params)
        return db.changes
    }

    /// One record by its public key.
    public func get(_ kind: String, key: String) throws -> StoredRecord? {
        let cache = self.cache
        switch cache.record(kind, key) {
        case .present(let record): return record
        case .absent: return nil
        case nil: break
        }
        var place: [SQLValue] = []
        let record = try db.first(layout.getSQL.sql(kind: kind, key: key, appendingTo: &place), place).flatMap(StoredRecord.init)
        cache.remember(kind, key, record)
        return record
    }

    /// Whether a record exists. Read as a whole record, so that the cache can answer the next time too (the records
    /// whose existence is checked, the users and types a create refers to, are checked again and again).
    public func exists(_ kind: String, key: String) throws -> Bool {
        try get(kind, key: key) != nil
    }

    /// A value computed from the records of `kind` alone (read through this store), kept until that kind is written
    /// or the database changes behind the cache's back: what a request works out the same way every time (the
    /// signed-in user found by name, a setting read from a document) is worked out once.
    public func derived<T>(_ kind: String, _ name: String, _ compute: () throws -> T) throws -> T {
        let cache = self.cache
        if let kept = cache.derived(kind, name) as? Derived<T> { return kept.value }
        let value = try compute()
        cache.remember(kind, derived: name, Derived(value: value))
        return value
    }

    /// The box a derived value is kept in (so an optional value that is nil is still a kept answer).
    private struct Derived<T> { let value: T }

    /// The records a query selects, in its order (short results are kept in the cache until the kind changes).
    public func list(_ q: RecordQuery) throws -> [StoredRecord] {
        let cache = self.cache
        let sql: String, params: [SQLValue]
        if let kept = cache.statement(for: q) {
            (sql, params) = kept
        } else {
            (sql, params) = listSQL(q)
            cache.remember(q, statement: (sql, params))
        }
        if let known = cache.list(q.kind, sql: sql, params: params) { return known }
        let records = try db.query(sql, params).compactMap(StoredRecord.init)
        cache.remember(q.kind, sql: sql, params: params, records)
        return records
    }

    private func listSQL(_ q: RecordQuery) -> (String, [SQLValue]) {
        let (clause, params) = whereClause(q, keyset: true)
        var p = params
        var sql = "SELECT seq, key, doc FROM \(table) WHERE \(clause) ORDER BY \(order(q, params: &p))"
        if let limit = q.limit {
            sql += " LIMIT ? OFFSET ?"
            p.append(.integer(Int64(limit)))
            p.append(.integer(Int64(q.offset)))
        } else if q.offset > 0 {
            sql += " LIMIT -1 OFFSET ?"
            p.append(.integer(Int64(q.offset)))
        }
        return (sql, p)
    }

    /// The sequence numbers and keys a query selects, in its order, without reading the documents.
    public func keys(_ q: RecordQuery) throws -> [(seq: Int, key: String)] {
        try values(q, columns: "seq, key").map { ($0.values[0].int ?? 0, $0.values[1].string ?? "") }
    }

    /// One field of each selected document (`$.code`), in the query's order, without parsing the documents.
    public func field(_ path: String, of q: RecordQuery) throws -> [SQLValue] {
        var params: [SQLValue] = []
        let column = layout.sql(path, &params)
        return try values(q, columns: column, leading: params).map { $0.values.first ?? .null }
    }

    private func values(_ q: RecordQuery, columns: String, leading: [SQLValue] = []) throws -> [Row] {
        let (clause, params) = whereClause(q, keyset: true)
        var p = leading + params
        var sql = "SELECT \(columns) FROM \(table) WHERE \(clause) ORDER BY \(order(q, params: &p))"
        if let limit = q.limit {
            sql += " LIMIT ?"
            p.append(.integer(Int64(limit)))
        }
        return try db.query(sql, p)
    }

    /// What counting a query's matches costs SQLite (``QueryWork``), to check that an index serves it.
    public func countWork(_ q: RecordQuery) throws -> QueryWork {
        let (clause, params) = whereClause(q, keyset: true)
        return try db.work("SELECT count(*) FROM \(table) WHERE \(clause)", params)
    }

    /// What listing a query's records costs SQLite (``QueryWork``), to check that a page needs no sort.
    public func listWork(_ q: RecordQuery) throws -> QueryWork {
        let (sql, params) = listSQL(q)
        return try db.work(sql, params)
    }

    /// How many records match a query's conditions (and keyset position), ignoring limit and offset.
    public func count(_ q: RecordQuery) throws -> Int {
        let (clause, params) = whereClause(q, keyset: true)
        return try db.scalar("SELECT count(*) FROM \(table) WHERE \(clause)", params).int ?? 0
    }

    /// The first record of a kind matching the conditions (oldest first).
    public func first(_ kind: String, where conditions: [Condition]) throws -> StoredRecord? {
        var q = RecordQuery(kind: kind)
        q.conditions = conditions
        q.limit = 1
        return try list(q).first
    }

    /// The sort values of a record under a query's sort, for a keyset cursor.
    public func keyset(of record: StoredRecord, for q: RecordQuery) throws -> Keyset {
        guard !q.sort.isEmpty else { return Keyset(values: [], seq: record.seq) }
        var p: [SQLValue] = []
        let columns = q.sort.map { layout.sql($0.attribute.path, &p) }
        p.append(.text(q.kind))
        p.append(.integer(Int64(record.seq)))
        let row = try db.first("SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE kind = ? AND seq = ?", p)
        return Keyset(values: row?.values ?? [], seq: record.seq)
    }

    private func whereClause(_ q: RecordQuery, keyset: Bool) -> (String, [SQLValue]) {
        var c = SQLCompiler(table: layout)
        var parts = ["kind = ?"]
        c.params.append(.text(q.kind))
        for condition in q.conditions { parts.append(c.compile(condition)) }
        if keyset, let after = q.after { parts.append(keysetClause(q, after, &c.params)) }
        return (parts.joined(separator: " AND "), c.params)
    }

    /// `(v1, …, seq)` strictly after the keyset in the query's order, NULLs sorting first as SQLite does.
    /// Each OR branch binds its own parameters, since placeholders are positional.
    private func keysetClause(_ q: RecordQuery, _ k: Keyset, _ params: inout [SQLValue]) -> String {
        let descending = q.sort.last?.descending ?? q.newestFirst
        let keys = Array(q.sort.prefix(k.values.count))
        var ors: [String] = []
        for i in 0...keys.count {
            var terms: [String] = []
            for j in 0..<i { terms.append(same(keys[j].attribute.path, k.values[j], &params)) }
            if i < keys.count {
                terms.append(after(keys[i].attribute.path, k.values[i], descending: keys[i].descending, &params))
            } else {
                params.append(.integer(Int64(k.seq)))
                terms.append(descending ? "seq < ?" : "seq > ?")
            }
            ors.append("(" + terms.joined(separator: " AND ") + ")")
        }
        return "(" + ors.joined(separator: " OR ") + ")"
    }

    private func same(_ path: String, _ v: SQLValue, _ params: inout [SQLValue]) -> String {
        let x = layout.sql(path, &params)
        params.append(v)
        return "\(x) IS ?"
    }

    private func after(_ path: String, _ v: SQLValue, descending: Bool, _ params: inout [SQLValue]) -> String {
        if v.isNull {
            if descending { return "0" }  // NULLs sort last when descending: nothing lies after them
            return "\(layout.sql(path, &params)) IS NOT NULL"
        }
        let x = layout.sql(path, &params)
        params.append(v)
        if descending {
            return "(\(x) < ? OR \(layout.sql(path, &params)) IS NULL)"
        }
        return "\(x) > ?"
    }

    private func order(_ q: RecordQuery, params: inout [SQLValue]) -> String {
        var keys: [String] = []
        for k in q.sort {
            keys.append("\(layout.sql(k.attribute.path, &params)) \(k.descending ? "DESC" : "ASC")")
        }
        let descending = q.sort.last?.descending ?? q.newestFirst
        keys.append(descending ? "seq DESC" : "seq ASC")
        return keys.joined(separator: ", ")
    }
}

/// A record as stored.
public struct StoredRecord: Sendable {
    public let seq: Int
    public let key: String
    public var doc: JSON

    public init(seq: Int, key: String, doc: JSON) {
        self.seq = seq
        self.key = key
        self.doc = doc
    }

    init?(_ row: Row) {
        guard let seq = row.int("seq"), let key = row.string("key"), let text = row.string("doc"),
              let doc = try? ParsedDocuments.parse(text) else { return nil }
        self.seq = seq
        self.key = key
        self.doc = doc
    }
}
