/// Typed reading of a JSON request object that collects Rails-style field errors instead of failing at the first.
/// Values are coerced the way Rails parameters are: `"12"` is an integer, `12` a string, `"true"` a boolean.
public struct BodyFields {
    public let object: JSON
    /// Prefix for error keys (`comments.` for nested attributes).
    public let prefix: String
    public var errors = FieldErrors()

    public init(_ object: JSON, prefix: String = "") {
        self.object = object
        self.prefix = prefix
    }

    /// Whether the key is present (even as null): what a PATCH changes.
    public func has(_ key: String) -> Bool { object[key] != nil }

    /// The raw value, nil when absent or null.
    public func value(_ key: String) -> JSON? {
        guard let v = object[key], !v.isNull else { return nil }
        return v
    }

    public mutating func fail(_ key: String, _ message: String) { errors.add(prefix + key, message) }

    /// A string (numbers and booleans are turned into text); blank counts as missing when `required`.
    public mutating func string(_ key: String, required: Bool = false, max: Int? = nil) -> String? {
        guard let v = value(key) else {
            if required { fail(key, RailsMessage.blank) }
            return nil
        }
        let s: String
        switch v {
        case .string(let t): s = t
        case .int(let i): s = String(i)
        case .double(let d): s = String(d)
        case .bool(let b): s = b ? "true" : "false"
        default:
            fail(key, RailsMessage.invalid)
            return nil
        }
        if required && s.trimmed.isEmpty { fail(key, RailsMessage.blank) }
        if let max, s.count > max { fail(key, RailsMessage.tooLong(max)) }
        return s
    }

    /// An integer (a numeric string counts), at least `min` when given.
    public mutating func int(_ key: String, required: Bool = false, min: Int? = nil) -> Int? {
        guard let v = value(key) else {
            if required { fail(key, RailsMessage.blank) }
            return nil
        }
        let i: Int?
        switch v {
        case .int(let n): i = n
        case .double(let d): i = d.rounded() == d ? Int(exactly: d) : nil
        case .string(let t):
            if t.trimmed.isEmpty {
                if required { fail(key, RailsMessage.blank) }
                return nil
            }
            i = Int(t.trimmed)
        default: i = nil
        }
        guard let n = i else {
            fail(key, RailsMessage.notANumber)
            return nil
        }
        if let min, n < min { fail(key, RailsMessage.greaterThanOrEqual(min)) }
        return n
    }

    /// A number (integer or decimal; a numeric string counts).
    public mutating func number(_ key: String, required: Bool = false) -> Double? {
        guard let v = value(key) else {
            if required { fail(key, RailsMessage.blank) }
            return nil
        }
        switch v {
        case .int(let n): return Double(n)
        case .double(let d): return d
        case .string(let t) where Double(t.trimmed) != nil: return Double(t.trimmed)
        default:
            fail(key, RailsMessage.notANumber)
            return nil
        }
    }

    /// A boolean (`true`/`false`, `"true"`/`"false"`, `1`/`0`).
    public mutating func bool(_ key: String) -> Bool? {
        guard let v = value(key) else { return nil }
        switch v {
        case .bool(let b): return b
        case .int(let n) where n == 0 || n == 1: return n == 1
        case .string(let t):
            switch t.lowercased() {
            case "true", "1", "t": return true
            case "false", "0", "f": return false
            default: break
            }
        default: break
        }
        fail(key, RailsMessage.invalid)
        return nil
    }

    /// An ISO-8601 instant, as seconds since 1970.
    public mutating func timestamp(_ key: String, required: Bool = false) -> Double? {
        guard let s = string(key, required: required) else { return nil }
        if s.trimmed.isEmpty { return nil }
        guard let t = ISO8601.parse(s.trimmed) else {
            fail(key, RailsMessage.invalid)
            return nil
        }
        return t
    }

    /// A calendar date, `YYYY-MM-DD`, from a date or a date-time (its own calendar day, as written).
    public mutating func date(_ key: String, required: Bool = false) -> String? {
        guard let s = string(key, required: required) else { return nil }
        if s.trimmed.isEmpty { return nil }
        guard ISO8601.parse(s.trimmed) != nil else {
            fail(key, RailsMessage.invalid)
            return nil
        }
        return String(s.trimmed.prefix(10))
    }

    /// A string that must be one of `allowed`.
    public mutating func oneOf(_ key: String, _ allowed: [String], required: Bool = false) -> String? {
        guard let s = string(key, required: required) else { return nil }
        guard allowed.contains(s) else {
            fail(key, RailsMessage.inclusion)
            return nil
        }
        return s
    }

    /// An array of integers.
    public mutating func intArray(_ key: String) -> [Int]? {
        guard let v = value(key) else { return nil }
        guard let items = v.array else {
            fail(key, RailsMessage.invalid)
            return nil
        }
        var out: [Int] = []
        for item in items {
            if let n = item.int { out.append(n) } else if let s = item.string, let n = Int(s.trimmed) { out.append(n) } else {
                fail(key, RailsMessage.invalid)
                return nil
            }
        }
        return out
    }

    /// A JSON object.
    public mutating func object(_ key: String) -> JSON? {
        guard let v = value(key) else { return nil }
        guard v.object != nil else {
            fail(key, RailsMessage.invalid)
            return nil
        }
        return v
    }

    /// An array of JSON objects (nested `…_attributes`).
    public mutating func objects(_ key: String) -> [JSON]? {
        guard let v = value(key) else { return nil }
        guard let items = v.array, items.allSatisfy({ $0.object != nil }) else {
            fail(key, RailsMessage.invalid)
            return nil
        }
        return items
    }
}
