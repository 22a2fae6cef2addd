import UnderstudyCore

/// Numbers as Fleetio's answers write them: a whole number without a fraction (`7`, not `7.0`), any other as it is.
enum FleetioNumber {
    /// Whole numbers up to 2^53 (exact in a double) become integers; the rest stay doubles.
    static func json(_ d: Double) -> JSON {
        d.rounded() == d && abs(d) < 9e15 ? .int(Int(d)) : .double(d)
    }
}
