/// JSON text written value by value, for answers made straight from stored documents: a tree built only to be
/// written once costs an allocation for each of its objects and arrays, and as much again to free them.
/// The text places its own commas; names and values must still come in a valid order (a name, then its value,
/// inside an object).
public struct JSONText: ~Copyable {
    private var writer = JSONWriter()
    /// Whether the next member or element follows another in its object or array.
    private var follows = false

    public init() {}

    deinit { writer.free() }

    /// The text written so far.
    public var bytes: [UInt8] { writer.array }

    public mutating func beginObject() { open(UInt8(ascii: "{")) }
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    public mutating func beginArray() { open(UInt8(ascii: "[")) }
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// The name of the next member of the open object.
    public mutating func name(_ name: String) {
        separate()
        writer.string(name)
        writer.put(UInt8(ascii: ":"))
        follows = false
    }

    /// A value: a member's (after its name) or an array's next element.
    public mutating func value(_ v: JSON) {
        separate()
        writer.value(v)
        follows = true
    }

    public mutating func member(_ name: String, _ value: JSON) {
        self.name(name)
        self.value(value)
    }

    /// A member for each of `names`, with the document's value of that name (null where it has none). Names given
    /// in the document's own order are each found at the first place looked.
    public mutating func members(_ names: MemberNames, of doc: JSON) {
        var cursor = 0
        for i in names.names.indices {
            separate()
            names.encoded[i].withUnsafeBufferPointer { writer.put($0) }
            writer.value(doc.member(names.names[i], from: &cursor) ?? .null)
            follows = true
        }
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        writer.put(bracket)
        follows = false
    }

    private mutating func close(_ bracket: UInt8) {
        writer.put(bracket)
        follows = true
    }

    @inline(__always)
    private mutating func separate() {
        if follows { writer.put(UInt8(ascii: ",")) }
    }
}

/// Names of members an answer copies from stored documents, each with its text (`"name":`) made once.
public struct MemberNames: Sendable, ExpressibleByArrayLiteral {
    public let names: [String]
    fileprivate let encoded: [[UInt8]]

    public init(_ names: [String]) {
        self.names = names
        encoded = names.map { n in
            var text = JSONText()
            text.name(n)
            return text.bytes
        }
    }

    public init(arrayLiteral names: String...) { self.init(names) }
}

extension JSON {
    /// An object with a member for each of `names`, with the document's value of that name (null where it has
    /// none): ``JSONText/members(_:of:)`` as a tree.
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
