/// Header fields as an ordered list with case-insensitive lookup (never a dictionary: order and repeats matter).
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, Equatable {
    /// The fields in the order they were received or added.
    public private(set) var fields: [(name: String, value: String)] = []

    public init() {}
    public init(_ fields: [(String, String)]) { self.fields = fields.map { (name: $0.0, value: $0.1) } }
    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    public static func == (a: HTTPHeaders, b: HTTPHeaders) -> Bool {
        a.fields.count == b.fields.count && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    public var count: Int { fields.count }

    /// The first value of the named field.
    public subscript(_ name: String) -> String? {
        for f in fields where Self.sameName(f.name, name) { return f.value }
        return nil
    }

    /// Every value of the named field, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// Whether the field is present.
    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Whether any field's name starts with `prefix` (ASCII case-insensitive): one pass that tells a request with
    /// none of a family of fields apart without looking each of them up.
    public func containsName(prefixed prefix: String) -> Bool {
        let length = prefix.utf8.count
        return fields.contains { f in
            f.name.utf8.count >= length && zip(f.name.utf8, prefix.utf8).allSatisfy { asciiLower($0) == asciiLower($1) }
        }
    }

    /// Room for this many fields without growing.
    public mutating func reserveCapacity(_ n: Int) { fields.reserveCapacity(n) }

    /// Appends a field (keeps any existing ones of that name).
    public mutating func add(_ name: String, _ value: String) { fields.append((name: name, value: value)) }

    /// Replaces every field of that name with one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name: name, value: value))
    }

    /// Removes every field of that name.
    public mutating func remove(_ name: String) { fields.removeAll { Self.sameName($0.name, name) } }

    /// The comma-separated list elements of every line of the field, trimmed, lower-cased, empties dropped (RFC 9110 §5.6.1).
    public func tokens(_ name: String) -> [String] {
        values(name).flatMap { $0.split(separator: ",") }
            .map { $0.trimmingASCIIWhitespace().lowercased() }
            .filter { !$0.isEmpty }
    }

    /// ASCII case-insensitive comparison of two field names.
    public static func sameName(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        // Native strings lend their bytes without a copy; this runs for every header looked up.
        let fast = x.withContiguousStorageIfAvailable { p in
            y.withContiguousStorageIfAvailable { q in
                for k in 0..<p.count where asciiLower(p[k]) != asciiLower(q[k]) { return false }
                return true
            }
        }
        if let fast, let same = fast { return same }
        return zip(x, y).allSatisfy { asciiLower($0) == asciiLower($1) }
    }
}

@inline(__always) func asciiLower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5a) ? b | 0x20 : b }

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingASCIIWhitespace() -> String {
        let u = Array(utf8)
        var s = 0, e = u.count
        while s < e, u[s] == 0x20 || u[s] == 0x09 { s += 1 }
        while e > s, u[e - 1] == 0x20 || u[e - 1] == 0x09 { e -= 1 }
        return String(decoding: u[s..<e], as: UTF8.self)
    }
}
