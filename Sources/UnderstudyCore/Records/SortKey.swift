import Storage

/// A sort key: an attribute and a direction.
public struct SortKey: Sendable, Hashable {
    public let attribute: Attribute
    public let descending: Bool
    public init(_ attribute: Attribute, descending: Bool) {
        self.attribute = attribute
        self.descending = descending
    }
}
