import Foundation
import Testing
import TestSupport

/// Sessions, API keys and the permission model.
@Suite struct BOSSDeskAuthTests {
    @Test func aSessionAnswersTheUserWithAPIKeyAndPermissions() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let basic = "Basic " + Data("jackpot:\(bd.credential("password"))".utf8).base64EncodedString()
        let r = try app.request("POST", BOSSDeskClient.base + "/sessions", headers: [("Authorization", basic)])
        #expect(r.status == 200)
        #expect(dig(r.json, "username") as? String == "jackpot")
        #expect(dig(r.json, "api_key") as? String == bd.credential("api_key"))
        #expect((dig(r.json, "permissions", "tickets") as? [String])?.contains("update") == true)
        #expect(dig(r.json, "friendly_id") is Int)
    }

    @Test func aWrongPasswordIs401() throws {
        let app = try TestApp()
        _ = try BOSSDeskClient(app)
        let basic = "Basic " + Data("jackpot:wrong".utf8).base64EncodedString()
        let r = try app.request("POST", BOSSDeskClient.base + "/sessions", headers: [("Authorization", basic)])
        #expect(r.status == 401)
        #expect(errors(r, "base") == ["Unauthorized"])
    }

    @Test func theDemoAgentLogsInWithTheDocumentedPassword() throws {
        let app = try TestApp()
        let basic = "Basic " + Data("jackpot:demo-password".utf8).base64EncodedString()
        let r = try app.request("POST", BOSSDeskClient.base + "/sessions", headers: [("Authorization", basic)])
        #expect(dig(r.json, "api_key") as? String == "demo-bossdesk-agent-key")
    }

    @Test func noTokenIs401() throws {
        let app = try TestApp()
        let r = try app.get(BOSSDeskClient.base + "/tickets")
        #expect(r.status == 401)
        #expect(errors(r, "base") == ["Unauthorized"])
    }

    @Test func anUnknownTokenIs401() throws {
        let app = try TestApp()
        #expect(try app.get(BOSSDeskClient.base + "/tickets", headers: [("Authorization", #"Token token="nope""#)]).status == 401)
    }

    @Test func theRestrictedAgentMayListUsersOnly() throws {
        let app = try TestApp()
        let limited = try BOSSDeskClient(app).as("restricted_agent")
        #expect(try limited.get("/users").status == 200)
        #expect(try limited.get("/users/1").status == 403)
        let r = try limited.get("/tickets")
        #expect(r.status == 403)
        #expect(errors(r, "base") == ["You are not authorized to access this page"])
    }

    @Test func anEndUserCannotUseAgentEndpoints() throws {
        let app = try TestApp()
        let user = try BOSSDeskClient(app).as("end_user")
        #expect(try user.get("/tickets").status == 403)
        #expect(try user.get("/users").status == 403)
    }

    @Test func everyoneMayReadTheAccountAndLookups() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        for role in ["agent", "end_user", "restricted_agent"] {
            #expect(try bd.as(role).get("/account").status == 200)
            #expect(try bd.as(role).get("/ticket_types").status == 200)
        }
    }

    @Test func anUnknownPathIs404() throws {
        let app = try TestApp()
        let r = try BOSSDeskClient(app).get("/widgets")
        #expect(r.status == 404)
        #expect(errors(r, "base") == ["Not found"])
    }

    @Test func paymentRequiredIsTheRailsBody() throws {
        let app = try TestApp()
        let r = try app.get(BOSSDeskClient.base + "/tickets", headers: [("X-Understudy-Error", "payment_required")])
        #expect(r.status == 402)
        #expect(errors(r, "base")?.first?.contains("plan") == true)
    }
}
