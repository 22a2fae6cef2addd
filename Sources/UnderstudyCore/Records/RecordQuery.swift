import Storage

/// One condition on a stored document.
public indirect enum Condition: Sendable, Hashable {
    case compare(Attribute, Predicate, [SQLValue])
    /// Any of these holds.
    case any([Condition])
    /// All of these hold.
    case all([Condition])
    /// A raw equality on a path, for the store's own use (e.g. a parent id).
    case pathEquals(String, SQLValue)
}

/// What to fetch of one kind of record.
public struct RecordQuery: Sendable, Hashable {
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
