import Storage

/// A comparison, shared by every vendor's filter syntax (Ransack predicates, Fleetio `filter[f][op]`, plain query filters).
public enum Predicate: String, Sendable, CaseIterable {
    case eq, notEq = "not_eq", lt, lteq, gt, gteq
    case `in`, notIn = "not_in"
    case cont, notCont = "not_cont", iCont = "i_cont", start, notStart = "not_start", end, notEnd = "not_end"
    case matches, doesNotMatch = "does_not_match"
    case `true`, `false`, present, blank, null, notNull = "not_null"

    /// Predicates that take no value of their own (the value says whether to apply them: `q[x_null]=1`).
    public var isUnary: Bool {
        switch self {
        case .true, .false, .present, .blank, .null, .notNull: return true
        default: return false
        }
    }
}
