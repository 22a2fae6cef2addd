import UnderstudyCore

/// The kinds of record a StackOne tenant holds, as `POST /__admin/tenants/{id}/records` and the seed files write
/// them: users, collections, ticket types and statuses (read-only through the unified API: their answers' shape)
/// and tickets, with their comments and attachments (through the same path as a create).
enum RecordKinds {
    static let all = [users, collections, ticketTypes, statuses, tickets]

    static let users = ShapedKind("users", table: StackOneAPI.table, stored: Kind.user, ids: .text(prefix: "user-"), members: [
        "id", "remote_id", "name", "type", "primary_email", "primary_phone", "username", "active", "first_name", "last_name",
        "customer_account_reference", "created_at", "updated_at",
    ]).kind

    static let collections = ShapedKind("collections", table: StackOneAPI.table, stored: Kind.collection, ids: .text(prefix: "collection-"),
                                        members: ["id", "remote_id", "key", "name", "description", "type", "parent_id", "organization_id",
                                                  "created_at", "updated_at"],
                                        references: ["parent_id": Kind.collection]).kind

    static let ticketTypes = ShapedKind("ticket_types", table: StackOneAPI.table, stored: Kind.ticketType, ids: .text(prefix: "ticket-type-"),
                                        members: ["id", "remote_id", "name", "collection_id", "parent_collection_id", "project_id"],
                                        references: ["collection_id": Kind.collection, "parent_collection_id": Kind.collection,
                                                     "project_id": Kind.collection]).kind

    static let statuses = ShapedKind("statuses", table: StackOneAPI.table, stored: Kind.status, ids: .text(prefix: "status-"),
                                     members: ["id", "name", "type", "ticket_type_ids"]).kind

    /// A ticket as the seed files hold it: its create-body fields checked as a create checks them (the creator and
    /// type must exist), then its own id, number, status, times, comments and attachments.
    static let tickets = RecordKind("tickets", table: StackOneAPI.table, stored: Kind.ticket, writable: true) { record, s in
        let store = RecordStore(s.db, table: StackOneAPI.table)
        var item = s.timed(record)
        let id = try RecordRefusal.textID(record) ?? s.ids.uuid()
        guard try !store.exists(Kind.ticket, key: id) else { throw RecordRefusal("id", "\(id) is taken") }
        item.set("id", .string(id))
        for (member, kind) in [("comments", Kind.comment), ("attachments", Kind.attachment)] {
            guard let children = item[member] else { continue }
            guard let list = children.array, list.allSatisfy({ $0.object != nil }) else { throw RecordRefusal(member, "must be an array of objects") }
            item.set(member, .array(try list.enumerated().map { i, child in
                var child = child
                if let given = try RecordRefusal.textID(child) {
                    guard try !store.exists(kind, key: given) else { throw RecordRefusal("\(member)[\(i)].id", "\(given) is taken") }
                } else {
                    child.set("id", .string(s.ids.uuid()))
                }
                return child
            }))
        }
        let organization = try store.get(Kind.organization, key: "1")?.doc ?? [:]
        do {
            try Fixtures.loadTicket(item, store: store, organization: organization)
        } catch let e as StackOneError {
            throw RecordRefusal(nil, e.message ?? StackOneError.defaultMessage(e.status))
        }
        return .string(id)
    }
}
