import HTTP1
import Storage
import UnderstudyCore

/// Tasks and time entries on a ticket (kept inside the ticket's document, as the ticket shows them).
enum TicketParts {
    /// Finds one item of a ticket's `tasks` or `time_entries` by `:item`, lets `change` edit it (or return nil to
    /// delete it), and stores the ticket. Answers what `change` returned. 404 for an unknown ticket or item.
    @discardableResult
    static func edit(_ c: Context, _ list: String, _ change: (inout JSON, inout JSON) throws -> JSON?) throws -> JSON? {
        try c.store.db.transaction {
            var record = try c.existing(Kind.ticket, c.parameter("id"))
            var items = record.doc[list]?.array ?? []
            guard let itemID = Int(c.parameter("item")), let i = items.firstIndex(where: { $0["id"]?.int == itemID }) else {
                throw BOSSDeskError.notFound
            }
            var item = items[i]
            let kept = try change(&item, &record.doc)
            if kept == nil { items.remove(at: i) } else { items[i] = item }
            record.doc.set(list, .array(items))
            record.doc.set("updated_at", .string(c.nowText))
            _ = try c.store.update(Kind.ticket, key: record.key, doc: record.doc)
            return kept
        }
    }

    /// Appends a new item to a ticket's list and answers it.
    static func add(_ c: Context, _ list: String, _ make: (JSON) throws -> JSON) throws -> JSON {
        try c.store.db.transaction {
            var record = try c.existing(Kind.ticket, c.parameter("id"))
            let item = try make(record.doc)
            record.doc.set(list, .array((record.doc[list]?.array ?? []) + [item]))
            record.doc.set("updated_at", .string(c.nowText))
            _ = try c.store.update(Kind.ticket, key: record.key, doc: record.doc)
            return item
        }
    }

    // MARK: Tasks

    static func createTask(_ c: Context) throws -> Response {
        let body = try c.body(root: "task")
        let task = try add(c, "tasks") { _ in
            var task: JSON = [
                "id": .int(try c.store.nextSequence("task")), "title": .null, "note": "", "type_id": .null, "team_id": .null,
                "agent_id": .null, "created_by_id": c.user["id"] ?? .null, "created_at": .string(c.nowText),
                "due_at": .null, "closed_at": .null,
            ]
            try applyTask(body, to: &task, c: c, creating: true)
            return task
        }
        return JSONResponse.make(201, try TicketView.task(task, c))
    }

    static func updateTask(_ c: Context) throws -> Response {
        let body = try c.body(root: "task")
        try edit(c, "tasks") { task, _ in
            try applyTask(body, to: &task, c: c, creating: false)
            return task
        }
        return Response(status: 204)
    }

    static func closeTask(_ c: Context) throws -> Response {
        let body = (try? c.body(root: "task")) ?? [:]
        let task = try edit(c, "tasks") { task, _ in
            guard task["closed_at"]?.isNull != false else { throw BOSSDeskError.base(422, "can't be closed because it is already closed") }
            try applyTask(body, to: &task, c: c, creating: false)
            task.set("closed_at", .string(c.nowText))
            return task
        }
        return JSONResponse.make(200, try TicketView.task(task ?? [:], c))
    }

    static func reopenTask(_ c: Context) throws -> Response {
        let task = try edit(c, "tasks") { task, _ in
            guard task["closed_at"]?.isNull == false else { throw BOSSDeskError.base(422, "can't be reopened because it is not closed") }
            task.set("closed_at", .null)
            return task
        }
        return JSONResponse.make(200, try TicketView.task(task ?? [:], c))
    }

    /// Deletes a task; time entries that pointed at it keep their time but lose the link.
    static func deleteTask(_ c: Context) throws -> Response {
        try edit(c, "tasks") { task, ticket in
            let entries = (ticket["time_entries"]?.array ?? []).map { e -> JSON in
                var e = e
                if e["task_id"] == task["id"] { e.set("task_id", .null) }
                return e
            }
            ticket.set("time_entries", .array(entries))
            return nil
        }
        return Response(status: 204)
    }

    static func applyTask(_ body: JSON, to task: inout JSON, c: Context, creating: Bool) throws {
        var f = BodyFields(body)
        if creating || f.has("title") {
            if let title = f.string("title", required: true), !title.trimmed.isEmpty { task.set("title", .string(title)) }
        }
        if let note = f.string("note") { task.set("note", .string(note)) }
        for (key, table) in [("type_id", "task_types"), ("team_id", "teams")] where f.has(key) {
            if f.value(key) == nil { task.set(key, .null); continue }
            guard let id = f.int(key) else { continue }
            if try c.lookup(table, id) == nil { f.fail(key, RailsMessage.doesNotExist) } else { task.set(key, .int(id)) }
        }
        if f.has("agent_id") { try agent(&f, into: &task, c: c) }
        if f.has("due_at") {
            if f.value("due_at") == nil { task.set("due_at", .null) } else if let t = f.timestamp("due_at") { task.set("due_at", .string(RecordTime.format(t))) }
        }
        try f.errors.check()
    }

    /// `agent_id`: an existing agent (null clears it).
    static func agent(_ f: inout BodyFields, into item: inout JSON, c: Context) throws {
        guard f.value("agent_id") != nil else { item.set("agent_id", .null); return }
        guard let id = f.int("agent_id") else { return }
        guard let user = try c.userDoc(id) else { f.fail("agent_id", RailsMessage.doesNotExist); return }
        guard user["is_agent"]?.bool == true else { f.fail("agent_id", "is not an agent"); return }
        item.set("agent_id", .int(id))
    }

    // MARK: Time entries

    static func createTimeEntry(_ c: Context) throws -> Response {
        let body = try c.body(root: "time_entry")
        let entry = try add(c, "time_entries") { ticket in
            var entry: JSON = [
                "id": .int(try c.store.nextSequence("time_entry")), "task_id": .null, "date": .null, "duration": .null,
                "billable": false, "note": "", "agent_id": c.user["id"] ?? .null,
            ]
            try applyTimeEntry(body, to: &entry, ticket: ticket, c: c, creating: true)
            return entry
        }
        return JSONResponse.make(201, try TicketView.timeEntry(entry, tasks: try currentTasks(c), c))
    }

    static func updateTimeEntry(_ c: Context) throws -> Response {
        let body = try c.body(root: "time_entry")
        try edit(c, "time_entries") { entry, ticket in
            try applyTimeEntry(body, to: &entry, ticket: ticket, c: c, creating: false)
            return entry
        }
        return Response(status: 204)
    }

    static func deleteTimeEntry(_ c: Context) throws -> Response {
        try edit(c, "time_entries") { _, _ in nil }
        return Response(status: 204)
    }

    static func currentTasks(_ c: Context) throws -> [JSON] {
        try c.existing(Kind.ticket, c.parameter("id")).doc["tasks"]?.array ?? []
    }

    /// `date` arrives as `DD-MM-YYYY` and is kept (and shown) as `YYYY-MM-DD`; `duration` is whole minutes.
    static func applyTimeEntry(_ body: JSON, to entry: inout JSON, ticket: JSON, c: Context, creating: Bool) throws {
        var f = BodyFields(body)
        if creating || f.has("date") {
            if let raw = f.string("date", required: true), !raw.trimmed.isEmpty {
                if let date = dayMonthYear(raw.trimmed) { entry.set("date", .string(date)) } else { f.fail("date", RailsMessage.invalid) }
            }
        }
        if creating || f.has("duration") {
            if let minutes = f.int("duration", required: true) {
                if minutes <= 0 { f.fail("duration", "must be greater than 0") } else { entry.set("duration", .int(minutes)) }
            }
        }
        if let billable = f.bool("billable") { entry.set("billable", .bool(billable)) }
        if let note = f.string("note") { entry.set("note", .string(note)) }
        if f.has("agent_id") { try agent(&f, into: &entry, c: c) }
        if f.has("task_id") {
            if f.value("task_id") == nil {
                entry.set("task_id", .null)
            } else if let id = f.int("task_id") {
                if (ticket["tasks"]?.array ?? []).contains(where: { $0["id"]?.int == id }) { entry.set("task_id", .int(id)) } else { f.fail("task_id", RailsMessage.doesNotExist) }
            }
        }
        try f.errors.check()
    }

    /// `31-12-2017` → `2017-12-31`; nil when it is not a real date.
    static func dayMonthYear(_ s: String) -> String? {
        let parts = s.split(separator: "-").map { Int($0) }
        guard parts.count == 3, let d = parts[0], let m = parts[1], let y = parts[2], (1...12).contains(m), (1...9999).contains(y) else { return nil }
        func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        let iso = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
        guard let t = ISO8601.parse(iso + "T00:00:00Z"), ISO8601.date(t) == iso else { return nil }
        return iso
    }
}
