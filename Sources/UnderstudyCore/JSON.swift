/// A JSON value that keeps object keys in order and tells integers from other numbers.
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.double(x), .double(y)): return x == y
        case let (.int(x), .double(y)), let (.double(y), .int(x)): return Double(x) == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member of an object (nil for a missing key or a non-object).
    public subscript(_ key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        let length = key.utf8.count
        // By index, reading names in place (iterating copies every member, a retain and release each).
        return members.withUnsafeBufferPointer { m in
            for i in m.indices where Self.same(m[i].0, key, length) { return m[i].1 }
            return nil
        }
    }

    /// Member names compared by UTF-8 length first: a String comparison that fails is a call into the runtime, and
    /// most names an object is searched with differ in length from most of its members. (Names that differ in
    /// length never match, even canonically equivalent ones: JSON compares names code unit by code unit,
    /// RFC 8259 §8.3.)
    @inline(__always)
    static func same(_ name: String, _ key: String, _ keyLength: Int) -> Bool {
        name.utf8.count == keyLength && name == key
    }

    /// The element of an array.
    public subscript(_ index: Int) -> JSON? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var array: [JSON]? { if case .array(let a) = self { return a } else { return nil } }
    public var object: [(String, JSON)]? { if case .object(let o) = self { return o } else { return nil } }
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// An integer, or a double with no fractional part.
    public var int: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }

    /// Any number as a double.
    public var double: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The keys of an object in order.
    public var keys: [String] { object?.map(\.0) ?? [] }

    /// Sets (or appends) a member of an object; does nothing to other values.
    /// Removes a member of an object (no-op otherwise).
    public mutating func remove(_ key: String) {
        guard case .object(var members) = self else { return }
        self = .null   // the members' only holder is now `members`: changed in place, not copied
        let length = key.utf8.count
        members.removeAll { Self.same($0.0, key, length) }
        self = .object(members)
    }

    public mutating func set(_ key: String, _ value: JSON) {
        guard case .object(var members) = self else { return }
        self = .null   // the members' only holder is now `members`: changed in place, not copied
        let length = key.utf8.count
        if let i = members.firstIndex(where: { Self.same($0.0, key, length) }) { members[i].1 = value } else { members.append((key, value)) }
        self = .object(members)
    }

    /// The JSON type's name as a client would say it, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) { self = .object(elements) }
    public init(nilLiteral: ()) { self = .null }
}

extension JSON {
    /// A string, or null for nil.
    public static func from(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
    /// An integer, or null for nil.
    public static func from(_ i: Int?) -> JSON { i.map(JSON.int) ?? .null }
    /// A boolean, or null for nil.
    public static func from(_ b: Bool?) -> JSON { b.map(JSON.bool) ?? .null }
    /// A number, or null for nil.
    public static func from(_ d: Double?) -> JSON { d.map(JSON.double) ?? .null }
}
