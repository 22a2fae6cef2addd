import Foundation
import Testing
import TestSupport

/// Basic auth with the API key, `x-account-id`, and StackOne's error envelope.
@Suite struct StackOneAuthTests {
    static let tickets = StackOneClient.base + "/tickets"

    @Test func noCredentialsIs401WithTheEnvelope() throws {
        let app = try TestApp()
        let r = try app.get(Self.tickets, headers: [("x-account-id", "demo-stackone-account")])
        #expect(r.status == 401)
        #expect(message(r) == "Unauthorized")
        #expect(dig(r.json, "statusCode") as? Int == 401)
        #expect(r.header("WWW-Authenticate")?.hasPrefix("Basic") == true)
    }

    @Test func unknownKeyIs401() throws {
        let app = try TestApp()
        let r = try app.get(Self.tickets, headers: [("Authorization", "Basic " + Data("nobody:".utf8).base64EncodedString()),
                                                    ("x-account-id", "demo-stackone-account")])
        #expect(r.status == 401)
    }

    @Test func missingAccountHeaderIs400() throws {
        let app = try TestApp()
        let r = try app.get(Self.tickets, headers: [("Authorization", "Basic " + Data("demo-stackone-key:".utf8).base64EncodedString())])
        #expect(r.status == 400)
        #expect(message(r) == "The x-account-id header is required")
    }

    @Test func anotherKeysAccountIs404() throws {
        let app = try TestApp()
        let a = try StackOneClient(app), b = try StackOneClient(app)
        let r = try app.get(Self.tickets, headers: a.headers.filter { $0.0 != "x-account-id" } + [("x-account-id", b.accountID)])
        #expect(r.status == 404)
        #expect(dig(r.json, "statusCode") as? Int == 404)
    }

    @Test func aDisabledAccountIs412() throws {
        let app = try TestApp()
        let a = try StackOneClient(app)
        let disabled = try #require(dig(a.tenant, "stackone", "disabled_account_id") as? String)
        let r = try app.get(Self.tickets, headers: a.headers.filter { $0.0 != "x-account-id" } + [("x-account-id", disabled)])
        #expect(r.status == 412)
        #expect(dig(r.json, "statusCode") as? Int == 412)
    }

    @Test func theDemoCredentialsWork() throws {
        let app = try TestApp()
        let r = try app.get(Self.tickets, headers: [("Authorization", "Basic " + Data("demo-stackone-key:".utf8).base64EncodedString()),
                                                    ("x-account-id", "demo-stackone-account")])
        #expect(r.status == 200)
    }

    @Test func heartbeatPreferenceIsApplied() throws {
        let app = try TestApp()
        let r = try StackOneClient(app).get("/users", extra: [("Prefer", "heartbeat")])
        #expect(r.status == 200)
        #expect(r.header("Preference-Applied") == "heartbeat")
    }

    @Test func anUnknownPathIs404InTheEnvelope() throws {
        let app = try TestApp()
        let r = try StackOneClient(app).get("/widgets")
        #expect(r.status == 404)
        #expect(message(r) == "Cannot GET /unified/ticketing/widgets")
    }

    @Test func anUnroutedMethodIs404() throws {
        let app = try TestApp()
        let r = try StackOneClient(app).post("/users", "{}")
        #expect(r.status == 404)
        #expect(message(r) == "Cannot POST /unified/ticketing/users")
    }

    @Test(arguments: [("precondition_failed", 412, "Precondition failed"), ("timeout", 408, "Request timed out"),
                      ("bad_gateway", 502, "Bad Gateway"), ("rate_limited", 429, "Too many requests")])
    func scriptedErrorsUseTheDefaultMessages(_ kind: String, _ status: Int, _ text: String) throws {
        let app = try TestApp()
        let r = try StackOneClient(app).get("/tickets", extra: [("X-Understudy-Error", kind)])
        #expect(r.status == status)
        #expect(message(r) == text)
        #expect(dig(r.json, "statusCode") as? Int == status)
    }

    @Test func errorTimestampsCarryAnOffset() throws {
        let app = try TestApp()
        let r = try StackOneClient(app).get("/tickets/nope")
        let stamp = try #require(dig(r.json, "timestamp") as? String)
        #expect(stamp.hasSuffix("Z"))
        #expect(ISO8601DateFormatter().date(from: stamp.replacingOccurrences(of: #"\.\d{3}"#, with: "", options: .regularExpression)) != nil)
    }
}
