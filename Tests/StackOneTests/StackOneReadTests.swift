import Foundation
import Testing
import TestSupport

/// The read-only resources: users, ticket types, collections, projects and components, comments, attachments, statuses.
@Suite struct StackOneReadTests {
    @Test func usersListAndGet() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        #expect((dig(try so.get("/users").json, "data") as? [Any])?.count == 8)
        let u = try so.get("/users/user-005")
        #expect(dig(u.json, "data", "type", "value") as? String == "contact")
        #expect(try so.get("/users/user-999").status == 404)
    }

    @Test func ticketTypesListAndGet() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        #expect((dig(try so.get("/ticket_types").json, "data") as? [Any])?.count == 4)
        #expect(dig(try so.get("/ticket_types/ticket-type-002").json, "data", "name") as? String == "Bug")
    }

    @Test func collectionsFilterByType() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        let projects = try #require(dig(try so.get("/collections?filter%5Btype%5D=project").json, "data") as? [[String: Any]])
        #expect(projects.compactMap { $0["id"] as? String } == ["collection-001", "collection-004", "collection-007"])
        let bad = try so.get("/collections?filter%5Btype%5D=epic")
        #expect(bad.status == 400)
        #expect(message(bad) == "filter.type must be one of the following values: project, component")
    }

    @Test func aCollectionsTicketTypes() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        let types = try #require(dig(try so.get("/collections/collection-004/ticket_types").json, "data") as? [[String: Any]])
        #expect(types.compactMap { $0["name"] as? String } == ["Incident", "Service Request"])
        #expect(try so.get("/collections/collection-999/ticket_types").status == 404)
    }

    @Test func projectsAreTheProjectCollections() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        let projects = try #require(dig(try so.get("/projects").json, "data") as? [[String: Any]])
        #expect(projects.compactMap { $0["name"] as? String } == ["Project Falcon", "Support Desk", "Infrastructure Operations"])
        #expect(projects.allSatisfy { $0["type"] == nil && $0["organization_id"] as? String == "organization-001" })
        #expect(try so.get("/projects/collection-002").status == 404)
    }

    @Test func aProjectsComponents() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        let comps = try #require(dig(try so.get("/projects/collection-001/components").json, "data") as? [[String: Any]])
        #expect(comps.compactMap { $0["id"] as? String } == ["collection-002", "collection-003"])
        #expect(comps.allSatisfy { $0["project_id"] as? String == "collection-001" })
        #expect(dig(try so.get("/projects/collection-001/components/collection-003").json, "data", "name") as? String == "Falcon Web")
        #expect(try so.get("/projects/collection-001/components/collection-005").status == 404)
    }

    @Test func aProjectsTicketTypes() throws {
        let app = try TestApp()
        let types = try #require(dig(try StackOneClient(app).get("/projects/collection-001/ticket_types").json, "data") as? [[String: Any]])
        #expect(types.compactMap { $0["name"] as? String } == ["Task", "Bug"])
    }

    @Test func aTicketsComments() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        let comments = try #require(dig(try so.get("/tickets/ticket-003/comments").json, "data") as? [[String: Any]])
        #expect(comments.count == 2)
        #expect(comments.allSatisfy { $0["ticket_id"] as? String == "ticket-003" && $0["internal"] is Bool })
        let id = try #require(comments.first?["id"] as? String)
        #expect(dig(try so.get("/tickets/ticket-003/comments/\(id)").json, "data", "id") as? String == id)
        #expect(try so.get("/tickets/ticket-002/comments/\(id)").status == 404)
        #expect(try so.get("/tickets/ticket-999/comments").status == 404)
    }

    @Test func aTicketsAttachments() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        let list = try #require(dig(try so.get("/tickets/ticket-001/attachments").json, "data") as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list[0]["file_name"] as? String == "error-log.csv")
        #expect(dig(list[0], "file_format", "source_value") as? String == "text/csv")
        #expect(list[0]["size"] as? Int == 91)
    }

    @Test func downloadStreamsTheBytesWithTypeAndFileName() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        let r = try so.get("/tickets/ticket-002/attachments/attachment-002-2/download")
        #expect(r.status == 200)
        #expect(r.header("Content-Type") == "image/png")
        #expect(r.header("Content-Disposition") == #"attachment; filename="screenshot.png""#)
        #expect(r.body.count == 64)
        #expect(Array(r.body.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        let meta = try so.get("/tickets/ticket-002/attachments/attachment-002-2")
        #expect(dig(meta.json, "data", "size") as? Int == r.body.count)
    }

    @Test func anAttachmentOfAnotherTicketIs404() throws {
        let app = try TestApp()
        #expect(try StackOneClient(app).get("/tickets/ticket-003/attachments/attachment-002-2/download").status == 404)
    }

    @Test func aTicketsStatusesFollowItsType() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        func names(_ ticket: String) throws -> [String] {
            (dig(try so.get("/tickets/\(ticket)/statuses").json, "data") as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        }
        #expect(try names("ticket-001") == ["Backlog", "In Progress", "In Review", "Done", "Won't Do"])
        #expect(try names("ticket-003") == ["Backlog", "In Progress", "Waiting for Customer", "Done", "Won't Do"])
        let first = try #require(dig(try so.get("/tickets/ticket-001/statuses").json, "data", 0) as? [String: Any])
        #expect(Set(first.keys) == ["id", "name", "type"])
    }

    /// The SDK's TicketingAttachment: `file_format {value, source_value}`, no `file_type`.
    @Test func anAttachmentCarriesTheSDKsFileFormat() throws {
        let app = try TestApp()
        let a = try #require(dig(try StackOneClient(app).get("/tickets/ticket-001/attachments/attachment-001-1").json, "data") as? [String: Any])
        #expect(dig(a, "file_format", "value") as? String == "csv")
        #expect(dig(a, "file_format", "source_value") as? String == "text/csv")
        #expect(a["file_type"] == nil)
        #expect(Set(a.keys) == ["id", "remote_id", "ticket_id", "user_id", "file_name", "file_format", "file_url", "size", "created_at", "updated_at"])
    }

    /// The SDK's TicketingUser members, first and last name and the customer account reference included.
    @Test func aUserHasTheSDKsMembers() throws {
        let app = try TestApp()
        let users = try #require(dig(try StackOneClient(app).get("/users").json, "data") as? [[String: Any]])
        #expect(users.count == 8)
        for u in users {
            #expect(Set(u.keys) == ["id", "remote_id", "type", "name", "primary_email", "primary_phone", "username", "active",
                                    "first_name", "last_name", "customer_account_reference", "created_at", "updated_at"])
        }
        #expect(users.first?["first_name"] as? String == "Dana")
        #expect(users.last?["customer_account_reference"] is String)
    }
}
