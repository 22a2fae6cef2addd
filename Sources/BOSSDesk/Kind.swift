import HTTP1
import Storage
import UnderstudyCore

/// Record kinds in the BOSSDesk table (lookup tables use their URL name).
enum Kind {
    static let user = "user"
    static let ticket = "ticket"
    static let account = "account"
    static let ci = "ci"
}
