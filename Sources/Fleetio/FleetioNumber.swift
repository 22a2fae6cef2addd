import UnderstudyCore

/// Numbers as Fleetio's answers write them: a whole number without a fraction (`7`, not `7.0`), any other as it is.
/// "Whole" is JSON's own rule (``JSON/int``: no fraction, exact in a double).
enum FleetioNumber {
    static func json(_ d: Double) -> JSON { JSON.double(d).int.map(JSON.int) ?? .double(d) }

    /// The same number as text (meter values that Fleetio answers as strings: `"12000"`, `"12000.5"`).
    static func text(_ d: Double) -> String { JSON.double(d).int.map(String.init) ?? String(d) }
}
