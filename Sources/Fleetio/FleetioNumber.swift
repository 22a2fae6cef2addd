import UnderstudyCore

/// Numbers as Fleetio's answers write them: a whole number without a fraction (`7`, not `7.0`), any other as it is.
/// "Whole" is JSON's own rule (``JSON/int``: no fraction, exact in a double).
enum FleetioNumber {
    static func json(_ d: Double) -> JSON { JSON.double(d).int.map(JSON.int) ?? .double(d) }

    /// The same number as text (meter values that Fleetio answers as strings: `"12000"`, `"12000.5"`).
    static func text(_ d: Double) -> String { JSON.double(d).int.map(String.init) ?? String(d) }

    /// A decimal column as Fleetio answers it (a string, as Rails writes BigDecimal), rounded to `places`.
    static func decimal(_ d: Double, places: Int) -> String { text(rounded(d, places: places)) }

    static func rounded(_ d: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (d * scale).rounded() / scale
    }

    /// Money in cents. Amounts a client sends are bounded by ``Amounts/maximum``; anything else stored is clamped to
    /// it (0 for NaN), so this never traps.
    static func cents(_ d: Double) -> Int {
        guard d.isFinite else { return d.isNaN ? 0 : (d < 0 ? -1 : 1) * Int(Amounts.maximum * 100) }
        return Int((Swift.min(Swift.max(d, -Amounts.maximum), Amounts.maximum) * 100).rounded())
    }
}

/// Amounts, volumes and meter readings a client sends: finite, not negative, at most ``maximum`` (Fleetio stores
/// them in fixed-precision decimal columns; a larger value is refused with Rails' numericality message).
enum Amounts {
    static let maximum = 1_000_000_000.0
    static let maximumText = "1000000000"

    static func read(_ f: inout BodyFields, _ key: String, required: Bool = false) -> Double? {
        guard let d = f.number(key, required: required) else { return nil }
        guard d.isFinite else {
            f.fail(key, RailsMessage.notANumber)
            return nil
        }
        if d < 0 {
            f.fail(key, RailsMessage.greaterThanOrEqual(0))
            return nil
        }
        if d > maximum {
            f.fail(key, "must be less than or equal to \(maximumText)")
            return nil
        }
        return d
    }
}
