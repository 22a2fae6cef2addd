import Storage

/// Decoded records of one records table, kept with its ``TenantDatabase`` between requests.
///
/// A create reads the same records again and again (the signed-in user, the types and statuses it refers to, the
/// lookups an answer embeds); each read was an indexed query plus a row copy. The cache keeps what ``RecordStore``
/// read, by kind, and forgets a kind whenever ``RecordStore`` writes to it (so a write of tickets leaves users and
/// types cached).
///
/// It never serves rows the database no longer holds: it remembers the connection's `totalChanges` and `rewinds`
/// as of its last read or own write, and any change it did not make itself (another table, another store, a
/// rollback, a database copied in) empties it before it answers. Used only under the tenant's lock, as the
/// connection itself is.
public final class RecordCache {
    /// Records (and known absences) kept at most; past it the cache starts again from empty.
    public static let maxRecords = 2_048
    /// Query results longer than this are not kept (lookup tables are short; big kinds are read by page).
    public static let maxListLength = 256

    private var changes: Int64
    private var rewinds: UInt64
    private var records: [String: [String: Known]] = [:]
    private var lists: [String: [ListKey: [StoredRecord]]] = [:]
    private var count = 0
    /// The last number each kind's sequence handed out.
    private var sequences: [String: Int] = [:]
    /// Values computed from the records of one kind (``RecordStore/derived(_:_:_:)``), by kind and name.
    private var derived: [String: [String: Any]] = [:]
    /// Statement texts and parameters made for list queries, by query: they depend only on the query and the table's
    /// layout, never on the rows, so no change empties them. Making one costs more than the lookup of a kept page.
    private var statements: [RecordQuery: (sql: String, params: [SQLValue])] = [:]
    /// Statements kept at most; past it they are made afresh.
    public static let maxStatements = 512

    /// A query's statement and parameters. Every ``RecordQuery`` reads rows of its own kind only (conditions and
    /// sorts are expressions over the row's document and columns), so its result is valid while that kind is.
    private struct ListKey: Hashable {
        let kind: String
        let sql: String
        let params: [SQLValue]
    }

    private init(_ db: TenantDatabase) {
        changes = db.totalChanges
        rewinds = db.rewinds
    }

    /// The cache of `table` on `db`, emptied first if the database changed behind its back.
    static func of(_ db: TenantDatabase, table: String) -> RecordCache {
        if let kept = db.caches[table] {
            kept.check(db)
            return kept
        }
        let made = RecordCache(db)
        db.caches[table] = made
        return made
    }

    /// Empties the cache if the database changed behind its back (before every use).
    func check(_ db: TenantDatabase) {
        guard db.totalChanges != changes || db.rewinds != rewinds else { return }
        forgetAll()
        changes = db.totalChanges
        rewinds = db.rewinds
    }

    private func forgetAll() {
        records.removeAll()
        lists.removeAll()
        sequences.removeAll()
        derived.removeAll()
        count = 0
    }

    /// What the cache knows of one record: that it is there (and what it holds), or that there is none.
    enum Known {
        case present(StoredRecord)
        case absent
    }

    /// nil when the cache does not know.
    func record(_ kind: String, _ key: String) -> Known? {
        records[kind]?[key]
    }

    func remember(_ kind: String, _ key: String, _ record: StoredRecord?) {
        make(room: 1)
        records[kind, default: [:]][key] = record.map(Known.present) ?? .absent
        count += 1
    }

    /// The statement made before for a query, if kept.
    func statement(for q: RecordQuery) -> (sql: String, params: [SQLValue])? { statements[q] }

    func remember(_ q: RecordQuery, statement: (sql: String, params: [SQLValue])) {
        if statements.count >= Self.maxStatements { statements.removeAll(keepingCapacity: true) }
        statements[q] = statement
    }

    /// The records a query of `kind` selected, when kept.
    func list(_ kind: String, sql: String, params: [SQLValue]) -> [StoredRecord]? {
        lists[kind]?[ListKey(kind: kind, sql: sql, params: params)]
    }

    func remember(_ kind: String, sql: String, params: [SQLValue], _ list: [StoredRecord]) {
        guard list.count <= Self.maxListLength else { return }
        make(room: list.count + 1)
        lists[kind, default: [:]][ListKey(kind: kind, sql: sql, params: params)] = list
        count += list.count + 1
    }

    /// A value computed from `kind`'s records under `name`, when kept (the stored value may itself be an optional).
    func derived(_ kind: String, _ name: String) -> Any? {
        derived[kind]?[name]
    }

    func remember(_ kind: String, derived name: String, _ value: Any) {
        make(room: 1)
        derived[kind, default: [:]][name] = value
        count += 1
    }

    private func make(room: Int) {
        if count + room > Self.maxRecords { forgetAll() }
    }

    /// After this store wrote rows of `kind`: that kind is forgotten, the rest stays valid.
    func wrote(_ kind: String, _ db: TenantDatabase) {
        if let gone = records.removeValue(forKey: kind) { count -= gone.count }
        if let gone = lists.removeValue(forKey: kind) { count -= gone.values.reduce(0) { $0 + $1.count + 1 } }
        if let gone = derived.removeValue(forKey: kind) { count -= gone.count }
        changes = db.totalChanges
    }

    /// The last number `kind`'s sequence handed out, when known.
    func sequence(_ kind: String) -> Int? { sequences[kind] }

    /// After this store moved `kind`'s sequence to `last`.
    func wroteSequence(_ kind: String, _ last: Int, _ db: TenantDatabase) {
        sequences[kind] = last
        changes = db.totalChanges
    }

    /// After this store wrote rows that are not records (blobs): nothing cached changed.
    func wroteOther(_ db: TenantDatabase) {
        changes = db.totalChanges
    }
}
