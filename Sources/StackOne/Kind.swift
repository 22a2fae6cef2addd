import HTTP1
import Storage
import UnderstudyCore

/// Record kinds in the StackOne table.
enum Kind {
    static let user = "user"
    static let ticket = "ticket"
    static let comment = "comment"
    static let attachment = "attachment"
    static let ticketType = "ticket_type"
    static let collection = "collection"
    static let status = "status"
    static let organization = "organization"
}
