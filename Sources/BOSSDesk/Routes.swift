import HTTP1
import UnderstudyCore

/// Who may call an endpoint (bossdesk.md, "Auth and permissions").
enum Access: Sendable {
    /// Any signed-in user, agent or end user (account, lookups).
    case anyone
    /// Agents whose `permissions` grant this action on this resource (`manage` grants every action).
    case agent(resource: String, action: String)

    func allows(_ user: JSON) -> Bool {
        switch self {
        case .anyone: return true
        case let .agent(resource, action):
            guard user["is_agent"]?.bool == true else { return false }
            let granted = user["permissions"]?[resource]?.array?.compactMap(\.string) ?? []
            return granted.contains(action) || granted.contains("manage")
        }
    }
}

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
        func add(_ method: String, _ path: String, _ access: Access, _ handler: @escaping Handler) {
            t.add(method, prefix + path, Route(access: access, handler: handler))
        }
        add("GET", "/account", .anyone, Account.show)
        for table in Lookups.tables { add("GET", "/\(table.name)", .anyone) { try Lookups.list(table, $0) } }
        add("GET", "/tickets", .agent(resource: "tickets", action: "index"), Tickets.list)
        add("POST", "/tickets", .agent(resource: "tickets", action: "create"), Tickets.create)
        add("GET", "/tickets/:id", .agent(resource: "tickets", action: "show"), Tickets.show)
        add("PATCH", "/tickets/:id", .agent(resource: "tickets", action: "update"), Tickets.update)
        add("POST", "/tickets/:id/comments", .agent(resource: "tickets", action: "update"), Tickets.addComment)
        add("PATCH", "/tickets/:id/close", .agent(resource: "tickets", action: "update"), Tickets.close)
        add("PATCH", "/tickets/:id/reopen", .agent(resource: "tickets", action: "update"), Tickets.reopen)
        add("POST", "/tickets/:id/tasks", .agent(resource: "tickets", action: "update"), TicketParts.createTask)
        add("PATCH", "/tickets/:id/tasks/:item", .agent(resource: "tickets", action: "update"), TicketParts.updateTask)
        add("PATCH", "/tickets/:id/tasks/:item/close", .agent(resource: "tickets", action: "update"), TicketParts.closeTask)
        add("PATCH", "/tickets/:id/tasks/:item/reopen", .agent(resource: "tickets", action: "update"), TicketParts.reopenTask)
        add("DELETE", "/tickets/:id/tasks/:item", .agent(resource: "tickets", action: "update"), TicketParts.deleteTask)
        add("POST", "/tickets/:id/time_entries", .agent(resource: "tickets", action: "update"), TicketParts.createTimeEntry)
        add("PATCH", "/tickets/:id/time_entries/:item", .agent(resource: "tickets", action: "update"), TicketParts.updateTimeEntry)
        add("DELETE", "/tickets/:id/time_entries/:item", .agent(resource: "tickets", action: "update"), TicketParts.deleteTimeEntry)
        add("GET", "/my/tickets", .anyone, MyTickets.list)
        add("POST", "/my/tickets", .anyone, MyTickets.create)
        add("GET", "/my/tickets/:id", .anyone, MyTickets.show)
        add("POST", "/my/tickets/:id/comments", .anyone, MyTickets.addComment)
        add("PATCH", "/my/tickets/:id/reopen", .anyone, MyTickets.reopen)
        add("GET", "/users", .agent(resource: "users", action: "index"), Users.list)
        add("POST", "/users", .agent(resource: "users", action: "create"), Users.create)
        add("GET", "/users/:id", .agent(resource: "users", action: "show"), Users.show)
        add("PATCH", "/users/:id", .agent(resource: "users", action: "update"), Users.update)
        return t
    }
}

/// `GET /account`.
enum Account {
    static func show(_ c: Context) throws -> Response {
        JSONResponse.make(200, try c.store.get(Kind.account, key: "1")?.doc ?? [:])
    }
}
