import HTTP1
import UnderstudyCore

/// Every routed endpoint: method, path under `/api/v1`, who may call it, and the handler.
enum Routes {
    typealias Handler = @Sendable (Context) throws -> Response

    struct Route: Sendable {
        let access: Access
        let handler: Handler
    }

    static let prefix = "/api/v1"

    static func table() -> RouteTable<Route> {
        var t = RouteTable<Route>()
        func add(_ method: String, _ path: String, _ access: Access, fresh: Freshness? = nil, pages: Bool = false,
                 _ handler: @escaping Handler) {
            t.add(method, prefix + path, Route(access: access, handler: handler), fresh: fresh, pages: pages)
        }
        // Reads declare how long their answer may be served again (``Freshness``): until a write, as nothing here
        // depends on the clock, except answers with URLs signed at request time, which are never kept.
        add("GET", "/account", .anyone, fresh: .untilWrite, Account.show)
        for table in Lookups.tables { add("GET", "/\(table.name)", .anyone, fresh: .untilWrite, pages: table.paginated) { try Lookups.list(table, $0) } }
        add("GET", "/tickets", .can("tickets", "index"), fresh: .untilWrite, pages: true, Tickets.list)
        add("POST", "/tickets", .can("tickets", "create"), Tickets.create)
        add("GET", "/tickets/:id", .can("tickets", "show"), fresh: .untilWrite, Tickets.show)
        add("PATCH", "/tickets/:id", .can("tickets", "update"), Tickets.update)
        add("POST", "/tickets/:id/comments", .can("tickets", "update"), Tickets.addComment)
        add("PATCH", "/tickets/:id/close", .can("tickets", "update"), Tickets.close)
        add("PATCH", "/tickets/:id/reopen", .can("tickets", "update"), Tickets.reopen)
        add("POST", "/tickets/:id/tasks", .can("tickets", "update"), TicketParts.createTask)
        add("PATCH", "/tickets/:id/tasks/:item", .can("tickets", "update"), TicketParts.updateTask)
        add("PATCH", "/tickets/:id/tasks/:item/close", .can("tickets", "update"), TicketParts.closeTask)
        add("PATCH", "/tickets/:id/tasks/:item/reopen", .can("tickets", "update"), TicketParts.reopenTask)
        add("DELETE", "/tickets/:id/tasks/:item", .can("tickets", "update"), TicketParts.deleteTask)
        add("POST", "/tickets/:id/time_entries", .can("tickets", "update"), TicketParts.createTimeEntry)
        add("PATCH", "/tickets/:id/time_entries/:item", .can("tickets", "update"), TicketParts.updateTimeEntry)
        add("DELETE", "/tickets/:id/time_entries/:item", .can("tickets", "update"), TicketParts.deleteTimeEntry)
        add("GET", "/my/tickets", .anyone, fresh: .untilWrite, pages: true, MyTickets.list)
        add("POST", "/my/tickets", .anyone, MyTickets.create)
        add("GET", "/my/tickets/:id", .anyone, fresh: .untilWrite, MyTickets.show)
        add("POST", "/my/tickets/:id/comments", .anyone, MyTickets.addComment)
        add("PATCH", "/my/tickets/:id/reopen", .anyone, MyTickets.reopen)
        add("GET", "/cis", .can("cis", "index"), fresh: .untilWrite, pages: true, Cis.list)
        add("POST", "/cis", .can("cis", "create"), Cis.create)
        add("GET", "/cis/by_barcode/:barcode", .can("cis", "show"), fresh: .untilWrite, Cis.byBarcode)
        add("GET", "/cis/:id", .can("cis", "show"), fresh: .untilWrite, Cis.show)
        add("PATCH", "/cis/:id", .can("cis", "update"), Cis.update)
        add("DELETE", "/cis/:id", .can("cis", "destroy"), Cis.delete)
        add("GET", "/cis/:id/attachments/new", .can("cis", "update"), Attachments.new)
        add("POST", "/cis/:id/attachments", .can("cis", "update"), Attachments.create)
        add("GET", "/cis/:id/attachments/:attachment", .can("cis", "show"), Attachments.showOnCI)
        add("PATCH", "/cis/:id/attachments/:attachment", .can("cis", "update"), Attachments.updateOnCI)
        add("DELETE", "/cis/:id/attachments/:attachment", .can("cis", "update"), Attachments.deleteOnCI)
        add("GET", "/tickets/:id/attachments/:attachment", .can("tickets", "show"), Attachments.showOnTicket)
        add("GET", "/tickets/:id/comments/:comment/attachments/:attachment", .can("tickets", "show"), Attachments.showOnTicket)
        add("GET", "/my/tickets/:id/attachments/:attachment", .anyone, Attachments.showOnTicket)
        add("GET", "/my/tickets/:id/comments/:comment/attachments/:attachment", .anyone, Attachments.showOnTicket)
        add("POST", "/cis/:id/notes", .can("cis", "update"), CiNotes.create)
        add("PATCH", "/cis/:id/notes/:note", .can("cis", "update"), CiNotes.update)
        add("DELETE", "/cis/:id/notes/:note", .can("cis", "update"), CiNotes.delete)
        add("GET", "/searches", .anyAgent, fresh: .untilWrite, Searches.list)
        add("GET", "/searches/:id", .anyAgent, fresh: .untilWrite, pages: true, Searches.run)
        add("GET", "/users", .can("users", "index"), fresh: .untilWrite, pages: true, Users.list)
        add("POST", "/users", .can("users", "create"), Users.create)
        add("GET", "/users/:id", .can("users", "show"), fresh: .untilWrite, Users.show)
        add("PATCH", "/users/:id", .can("users", "update"), Users.update)
        return t
    }
}
