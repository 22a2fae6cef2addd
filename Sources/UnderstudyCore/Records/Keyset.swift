import Storage

/// A position in a sorted list: the sort values of one record and its sequence number.
public struct Keyset: Sendable, Hashable {
    public var values: [SQLValue]
    public var seq: Int
    public init(values: [SQLValue], seq: Int) {
        self.values = values
        self.seq = seq
    }
}
