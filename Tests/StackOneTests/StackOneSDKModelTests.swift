import Foundation
import Testing
import TestSupport

/// Answers the official TypeScript SDK validates with zod, member by member against its models (TicketingComment,
/// TicketingTicketStatus, TicketingTicketType, TicketingContent, and the error bodies its typed errors read).
@Suite struct StackOneSDKModelTests {
    /// TicketingTicketStatusValue: an open enum whose known values are these.
    static let statusValues: Set<String> = ["to-do", "in-progress", "closed", "unmapped_value"]

    @Test func everySeededCommentHasTheSDKsTicketingCommentMembers() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        var comments: [[String: Any]] = []
        for ticket in try so.all("/tickets", pageSize: 25) {
            comments += try so.all("/tickets/\(ticket["id"] as? String ?? "")/comments", pageSize: 25)
        }
        #expect(comments.count >= 3)
        for c in comments {
            #expect(c["ticket_id"] is String, "ticket_id is required in TicketingComment")
            #expect(c["id"] is String && c["remote_id"] is String && c["user_id"] is String)
            #expect(c["internal"] is Bool)
            #expect(c["created_at"] is String && c["updated_at"] is String)
            let content = c["content"] as? [[String: Any]] ?? []
            #expect(!content.isEmpty && content.allSatisfy { $0["plain"] is String && $0["html"] is String })
        }
    }

    @Test func everyTicketsStatusesUseTheSDKsStatusValues() throws {
        let app = try TestApp()
        let so = try StackOneClient(app)
        for ticket in try so.all("/tickets", pageSize: 25) {
            let id = ticket["id"] as? String ?? ""
            #expect(Self.statusValues.contains(dig(ticket, "status", "value") as? String ?? ""), "\(id) status")
            for s in try so.all("/tickets/\(id)/statuses", pageSize: 25) {
                #expect(s["id"] is String && s["name"] is String)
                #expect(Self.statusValues.contains(dig(s, "type", "value") as? String ?? ""), "\(id) \(s)")
                #expect(dig(s, "type", "source_value") is String)
            }
        }
    }

    @Test func everyTicketTypeHasTheSDKsMembers() throws {
        let app = try TestApp()
        let types = try StackOneClient(app).all("/ticket_types", pageSize: 25)
        #expect(types.count >= 3)
        for t in types { #expect(t["id"] is String && t["name"] is String && t["project_id"] is String, "\(t)") }
    }

    @Test(arguments: [("/tickets/nope", 404), ("/tickets?page_size=0", 400), ("/nothing-here", 404)])
    func errorBodiesCarryStatusCodeMessageAndTimestamp(_ path: String, _ status: Int) throws {
        let app = try TestApp()
        let r = try StackOneClient(app).get(path)
        #expect(r.status == status)
        #expect(dig(r.json, "statusCode") as? Int == status)
        #expect(dig(r.json, "message") is String)
        #expect((dig(r.json, "timestamp") as? String).flatMap { ISO8601DateFormatter.withFractions.date(from: $0) } != nil)
    }
}

private extension ISO8601DateFormatter {
    nonisolated(unsafe) static let withFractions: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
}
