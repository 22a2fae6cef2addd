import HTTP1
import Storage
import UnderstudyCore

/// Tickets (read-only here, jifeline.md): list with `state`, `ticket_number`, `customer_id`, `created_after`,
/// `created_before` and limit/offset; get by id.
enum Tickets {
    static let kind = "ticket"
    static let states = ["prepared", "pending", "in_progress", "outsourced", "closed", "cancelled"]

    static func list(_ c: Context) throws -> Response {
        let q = c.request.query
        let window = try Check.window(q)
        var v = Violations()
        var query = RecordQuery(kind: kind)
        var echo: [(String, JSON)] = []
        if let s = q["state"] {
            if states.contains(s) { query.conditions.append(.pathEquals("$.state", .text(s))) } else { v.add("state", "must be one of \(states.joined(separator: ", "))") }
            echo.append(("state", .string(s)))
        }
        if let n = q["ticket_number"] {
            if let i = Int(n) { query.conditions.append(.pathEquals("$.ticket_number", .integer(Int64(i)))) } else { v.add("ticket_number", "must be an integer") }
            echo.append(("ticket_number", .string(n)))
        }
        if let cust = q["customer_id"] {
            if Check.isUUID(cust) { query.conditions.append(.pathEquals("$.customer_id", .text(cust.lowercased()))) } else { v.add("customer_id", "must be a valid UUID") }
            echo.append(("customer_id", .string(cust)))
        }
        let created = Attribute("created_at", .timestamp)
        for (name, predicate) in [("created_after", Predicate.gt), ("created_before", Predicate.lt)] {
            guard let raw = q[name] else { continue }
            if let t = ISO8601.parse(raw) {
                query.conditions.append(.compare(created, predicate, [.text(ISO8601.format(t))]))
            } else {
                v.add(name, "must be an RFC 3339 date-time")
            }
            echo.append((name, .string(raw)))
        }
        try v.check()
        return JSONResponse.make(200, try Check.page(c, query, window: window, echo: echo) { $0.doc })
    }

    static func show(_ c: Context) throws -> Response {
        let id = try Check.uuid(c.request.parameters["id"], field: "ticket-id")
        guard let t = try c.store.get(kind, key: id) else { throw JifelineError(404, "Ticket \(id) does not exist") }
        return JSONResponse.make(200, t.doc)
    }
}
