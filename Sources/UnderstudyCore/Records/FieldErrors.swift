/// Validation failures by field, in the order found: what Rails-style APIs render as `{"errors":{field:[messages]}}`.
public struct FieldErrors: Sendable, Error {
    public private(set) var fields: [(field: String, messages: [String])] = []

    public init() {}

    public var isEmpty: Bool { fields.isEmpty }

    /// Adds a message to a field.
    public mutating func add(_ field: String, _ message: String) {
        if let i = fields.firstIndex(where: { $0.field == field }) {
            if !fields[i].messages.contains(message) { fields[i].messages.append(message) }
        } else {
            fields.append((field, [message]))
        }
    }

    /// Whether a field already has an error.
    public func has(_ field: String) -> Bool { fields.contains { $0.field == field } }

    /// `{"field":["message", …], …}`.
    public var json: JSON { .object(fields.map { ($0.field, .array($0.messages.map(JSON.string))) }) }

    /// Throws itself when anything was added.
    public func check() throws { if !isEmpty { throw self } }
}

/// The messages Rails validations produce, which the Rails-based vendors (Fleetio, BOSSDesk) return.
public enum RailsMessage {
    public static let blank = "can't be blank"
    public static let taken = "has already been taken"
    public static let inclusion = "is not included in the list"
    public static let invalid = "is invalid"
    public static let doesNotExist = "does not exist"
    public static let notANumber = "is not a number"
    public static let notAnInteger = "must be an integer"
    public static func tooLong(_ n: Int) -> String { "is too long (maximum is \(n) characters)" }
    public static func greaterThanOrEqual(_ n: Int) -> String { "must be greater than or equal to \(n)" }
}
