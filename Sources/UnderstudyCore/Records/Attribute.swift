import Storage

/// How a stored JSON value compares: decides how a query-string value is converted before it is bound.
public enum AttributeType: Sendable, Hashable {
    case int, double, string, bool
    /// ISO-8601 instants, stored in one UTC format so that they compare as text.
    case timestamp
    /// `YYYY-MM-DD` dates.
    case date
}

/// A field a client may filter or sort on: its public name, where it lives in the stored document, its type.
/// Only attributes from such allow-lists ever reach SQL, and then only as bound JSON paths.
public struct Attribute: Sendable, Hashable {
    public let name: String
    /// JSON path inside the stored document, e.g. `$.vehicle_id` or `$.group.name`.
    public let path: String
    public let type: AttributeType

    public init(_ name: String, _ type: AttributeType, path: String? = nil) {
        self.name = name
        self.type = type
        self.path = path ?? "$." + name
    }

    /// Converts a query-string value to what the stored JSON holds; nil when it cannot be one.
    public func convert(_ text: String) -> SQLValue? {
        switch type {
        case .string: return .text(text)
        case .int: return Int(text).map { .integer(Int64($0)) }
        case .double: return Double(text).map { .real($0) }
        case .bool:
            switch text.lowercased() {
            case "true", "1", "t", "yes": return .integer(1)
            case "false", "0", "f", "no": return .integer(0)
            default: return nil
            }
        case .timestamp: return ISO8601.parse(text).map { .text(RecordTime.format($0)) }
        case .date: return ISO8601.parse(text).map { .text(ISO8601.date($0)) }
        }
    }
}
