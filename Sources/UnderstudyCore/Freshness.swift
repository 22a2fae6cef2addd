/// How long a route's answer to a GET may be served again from the tenant's ``ResponseCache``, as the route's
/// entry in its ``RouteTable`` declares it. A route that declares none is answered afresh every time, so a new
/// handler is never cached by accident.
///
/// The declaration is an upper bound: what the handler read of the request's volatile inputs
/// (``RequestDependencies``) narrows it further, and an answer that read the exact time, the journal id or random
/// ids is never kept whatever the route declares.
public enum Freshness: Sendable {
    /// Until the tenant's data changes (any write, reset or restore). An answer that read the clock at all is
    /// not kept: the route said it does not depend on it.
    case untilWrite
    /// Until the data changes or the simulated day ends (answers that say whether something is overdue).
    case untilEndOfDay
    /// Until the data changes or a deadline the handler checked passes (a token's expiry, read with
    /// `APIRequest.hasPassed`).
    case untilExpiry

    static let secondsPerDay = 86_400.0

    /// The simulated instants for which an answer may be kept, given what its handler read (`read`) and simulated
    /// now; nil when it may not be kept at all.
    func validity(_ read: ClosedRange<Double>, now: Double) -> ClosedRange<Double>? {
        let unbounded = read.lowerBound == -.infinity && read.upperBound == .infinity
        switch self {
        case .untilWrite:
            return unbounded ? read : nil
        case .untilEndOfDay:
            let start = (now / Self.secondsPerDay).rounded(.down) * Self.secondsPerDay
            let from = max(read.lowerBound, start), until = min(read.upperBound, start + Self.secondsPerDay)
            return from < until ? from...until : nil
        case .untilExpiry:
            return read
        }
    }
}
