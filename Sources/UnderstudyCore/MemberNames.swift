/// Names of members an answer copies from stored documents (``JSON/members(_:of:)``).
public struct MemberNames: Sendable, ExpressibleByArrayLiteral {
    public let names: [String]

    public init(_ names: [String]) { self.names = names }

    public init(arrayLiteral names: String...) { self.init(names) }
}

extension JSON {
    /// An object with a member for each of `names`, with the document's value of that name (null where it has
    /// none). Names given in the document's own order are each found at the first place looked.
    public static func members(_ names: MemberNames, of doc: JSON) -> JSON {
        var cursor = 0
        return .object(names.names.map { ($0, doc.member($0, from: &cursor) ?? .null) })
    }

    /// The member of an object, searched from `cursor` on and then from the start; `cursor` moves past the member
    /// found. Looking up names in the object's own order finds each at once.
    func member(_ key: String, from cursor: inout Int) -> JSON? {
        guard case .object(let members) = self else { return nil }
        let length = key.utf8.count
        return members.withUnsafeBufferPointer { m in
            let start = min(cursor, m.count)
            for i in start..<m.count where Self.same(m[i].0, key, length) { cursor = i + 1; return m[i].1 }
            for i in 0..<start where Self.same(m[i].0, key, length) { cursor = i + 1; return m[i].1 }
            return nil
        }
    }
}
