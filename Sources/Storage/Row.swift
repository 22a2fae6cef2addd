/// One result row: the values by column position, with lookup by column name.
public struct Row: Sendable {
    /// Column names, shared by every row of one result.
    public let columns: [String]
    /// Values in column order.
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the named column, or `.null` when there is no such column.
    public subscript(_ name: String) -> SQLValue {
        if let i = columns.firstIndex(of: name) { return values[i] }
        return .null
    }

    /// The value at a column position.
    public subscript(_ index: Int) -> SQLValue { values[index] }

    public func int(_ name: String) -> Int? { self[name].int }
    public func string(_ name: String) -> String? { self[name].string }
    public func double(_ name: String) -> Double? { self[name].double }
    public func bool(_ name: String) -> Bool? { self[name].bool }
}
