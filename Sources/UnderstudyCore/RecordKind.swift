import Storage

/// One kind of record an API holds, named as the vendor's own URLs name the collection (`tickets`, `users`,
/// `helpdesk_priorities`): what `POST /__admin/tenants/{id}/records` seeds, record by record, with the same code the
/// API's own writes use (or, for kinds the API cannot write, the shape rules of its seed files).
public struct RecordKind: Sendable {
    public let name: String
    /// Where its records are kept: the API's records table and the kind they are stored as.
    public let table: RecordTable
    public let stored: String
    /// Whether the vendor's own API can also write records of this kind.
    public let writable: Bool
    /// Writes one record (written as the vendor's GET shows it) and returns its id; a record refused throws
    /// ``RecordRefusal`` (or the vendor's own validation error), which the caller reports with its place.
    public let write: @Sendable (_ record: JSON, _ seeding: Seeding) throws -> JSON

    public init(_ name: String, table: RecordTable, stored: String, writable: Bool,
                write: @escaping @Sendable (_ record: JSON, _ seeding: Seeding) throws -> JSON) {
        self.name = name
        self.table = table
        self.stored = stored
        self.writable = writable
        self.write = write
    }
}

/// What a record kind's `write` works with: the tenant's database, its simulated now and the id generator.
public struct Seeding {
    public let db: TenantDatabase
    public let now: Double
    public let ids: any IDGenerator

    public init(db: TenantDatabase, now: Double, ids: any IDGenerator) {
        self.db = db
        self.now = now
        self.ids = ids
    }

    /// Simulated now as records store it.
    public var nowText: JSON { .string(RecordTime.format(now)) }

    /// The record with the times a create would give it where it has none: `created_at` now, `updated_at` its
    /// `created_at`.
    public func timed(_ record: JSON) -> JSON {
        var item = record
        if item["created_at"]?.isNull ?? true { item.set("created_at", nowText) }
        if item["updated_at"]?.isNull ?? true { item.set("updated_at", item["created_at"] ?? nowText) }
        return item
    }
}

/// A record the records endpoint refuses: the member at fault (nil for the record as a whole) and why.
public struct RecordRefusal: Error, Sendable {
    public let member: String?
    public let message: String

    public init(_ member: String?, _ message: String) {
        self.member = member
        self.message = message
    }

    /// The refusal a vendor's validation error amounts to: the first field of a Rails-style error map.
    public static func from(_ error: Error) -> RecordRefusal {
        switch error {
        case let r as RecordRefusal: return r
        case let e as FieldErrors:
            guard let first = e.fields.first else { return RecordRefusal(nil, "is invalid") }
            return RecordRefusal(first.field, first.messages.joined(separator: ", "))
        case let e as FixtureError: return RecordRefusal(nil, e.reason)
        case let e as SQLiteError where e.isUniqueViolation: return RecordRefusal(nil, "clashes with a record the tenant holds (an id in use)")
        case let e as CustomStringConvertible: return RecordRefusal(nil, e.description)
        default: return RecordRefusal(nil, "\(error)")
        }
    }

    /// An integer id: the one given (which must be a positive whole number) or nil when none is.
    public static func integerID(_ record: JSON, member: String = "id") throws -> Int? {
        guard let value = record[member], !value.isNull else { return nil }
        guard let id = value.int, id > 0 else { throw RecordRefusal(member, "must be a positive whole number") }
        return id
    }

    /// A text id: the one given (a non-empty string) or nil when none is.
    public static func textID(_ record: JSON, member: String = "id") throws -> String? {
        guard let value = record[member], !value.isNull else { return nil }
        guard let id = value.string, !id.isEmpty else { throw RecordRefusal(member, "must be a non-empty string") }
        return id
    }
}

extension RecordKind {
    /// How many records of this kind the database holds.
    public func count(in db: TenantDatabase) throws -> Int {
        try RecordStore(db, table: table).count(RecordQuery(kind: stored))
    }

    /// Writes the records of the seed file `<folder>/<name>.json` (an array) through ``write``, as the admin API does;
    /// a refused record is a ``FixtureError`` naming the file, the record and the member.
    public func loadSeedFile(_ folder: String, into db: TenantDatabase) throws {
        let file = "\(folder)/\(name).json"
        guard let records = try FixtureError.readJSON(folder, name).array else { throw FixtureError(file: file, reason: "expected an array") }
        let seeding = Seeding(db: db, now: 0, ids: RandomIDGenerator())
        for (i, record) in records.enumerated() {
            do {
                _ = try write(record, seeding)
            } catch {
                let r = RecordRefusal.from(error)
                throw FixtureError(file: file, reason: "[\(i)]\(r.member.map { "." + $0 } ?? ""): \(r.message)")
            }
        }
    }
}
