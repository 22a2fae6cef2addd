/// The one rule for numbers a client (or an admin call) sends: they are read into a declared range, and any
/// arithmetic on them saturates instead of trapping. A Swift overflow ends the whole process, every tenant with it,
/// so code that computes with a value from a request goes through these helpers (grep `ClientNumber.`).
public enum ClientNumber {
    /// A decimal integer (surrounding blanks allowed) inside `range`; nil when it is not one, or lies outside.
    /// Digits too many for an `Int` are outside every range.
    public static func int(_ text: String?, in range: ClosedRange<Int>) -> Int? {
        guard let text, let n = Int(text.trimmed), range.contains(n) else { return nil }
        return n
    }

    /// A decimal integer (surrounding blanks allowed) clamped into `range`: a number past either end, even one with
    /// more digits than an `Int` holds, becomes that end. Nil when the text is not a whole number at all.
    public static func clamped(_ text: String?, into range: ClosedRange<Int>) -> Int? {
        guard let raw = text?.trimmed, !raw.isEmpty else { return nil }
        if let n = Int(raw) { return min(max(n, range.lowerBound), range.upperBound) }
        let digits = raw.first == "-" || raw.first == "+" ? raw.dropFirst() : Substring(raw)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return raw.first == "-" ? range.lowerBound : range.upperBound
    }

    /// `a * b`, or `Int.max` / `Int.min` where the product does not fit.
    public static func product(_ a: Int, _ b: Int) -> Int {
        let (v, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? ((a < 0) != (b < 0) ? Int.min : Int.max) : v
    }

    /// `a + b`, or `Int.max` / `Int.min` where the sum does not fit.
    public static func sum(_ a: Int, _ b: Int) -> Int {
        let (v, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b < 0 ? Int.min : Int.max) : v
    }
}
