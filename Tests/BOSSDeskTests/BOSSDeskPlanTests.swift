import Foundation
import Testing
import TestSupport

/// The subscription plan as a tenant setting: 402 without API access, 402 on `/cis` without the CMDB.
@Suite struct BOSSDeskPlanTests {
    static func setPlan(_ bd: BOSSDeskClient, _ body: String) throws -> WireResponse {
        try bd.app.request("PATCH", "/__admin/tenants/\(bd.tenant["id"] as? String ?? "")/settings/bossdesk", body: body)
    }

    @Test func theDefaultPlanAllowsEverything() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let r = try app.get("/__admin/tenants/\(bd.tenant["id"] as? String ?? "")/settings/bossdesk")
        #expect(r.status == 200)
        #expect(dig(r.json, "plan", "api_access") as? Bool == true)
        #expect(dig(r.json, "plan", "cmdb_access") as? Bool == true)
    }

    @Test func withoutTheCMDBEveryCICallIs402() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        let r = try Self.setPlan(bd, #"{"plan":{"cmdb_access":false}}"#)
        #expect(r.status == 200)
        #expect(dig(r.json, "plan", "cmdb_access") as? Bool == false)
        for path in ["/cis", "/cis/1", "/cis/by_barcode/PRN-3001", "/cis/5/attachments/new"] {
            let denied = try bd.get(path)
            #expect(denied.status == 402, "\(path)")
            #expect(errors(denied, "base") == ["Your subscription plan does not include the CMDB"])
        }
        #expect(try bd.get("/tickets").status == 200)
    }

    @Test func withoutAPIAccessEveryCallIs402() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        _ = try Self.setPlan(bd, #"{"plan":{"api_access":false}}"#)
        #expect(try bd.get("/tickets").status == 402)
        #expect(try bd.get("/account").status == 402)
        let basic = "Basic " + Data("jackpot:\(bd.credential("password"))".utf8).base64EncodedString()
        #expect(try app.request("POST", BOSSDeskClient.base + "/sessions", headers: [("Authorization", basic)]).status == 402)
    }

    @Test func aBadCredentialStill401sBeforeThePlan() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        _ = try Self.setPlan(bd, #"{"plan":{"api_access":false}}"#)
        #expect(try app.get(BOSSDeskClient.base + "/tickets", headers: [("Authorization", #"Token token="nope""#)]).status == 401)
    }

    @Test func aTenantResetRestoresThePlan() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        _ = try Self.setPlan(bd, #"{"plan":{"cmdb_access":false}}"#)
        #expect(try app.post("/__admin/tenants/\(bd.tenant["id"] as? String ?? "")/reset").status == 200)
        #expect(try bd.get("/cis").status == 200)
    }

    @Test func thePlanDoesNotShowInTheAccount() throws {
        let app = try TestApp()
        let bd = try BOSSDeskClient(app)
        _ = try Self.setPlan(bd, #"{"plan":{"cmdb_access":false}}"#)
        #expect(dig(try bd.get("/account").json, "plan") == nil)
    }

    @Test(arguments: [
        (#"{"plan":{"cmdb_access":"no"}}"#, "plan.cmdb_access must be true or false"),
        (#"{"plan":{"ai_access":true}}"#, "unknown field plan.ai_access (expected api_access, cmdb_access)"),
        (#"{"tier":"gold"}"#, #"expected {"plan": {"api_access": true|false, "cmdb_access": true|false}}"#),
    ])
    func badSettingsAre400(_ body: String, _ message: String) throws {
        let app = try TestApp()
        let r = try Self.setPlan(try BOSSDeskClient(app), body)
        #expect(r.status == 400)
        #expect(dig(r.json, "error") as? String == message)
    }

    @Test func anAPIWithoutSettingsSaysSo() throws {
        let app = try TestApp()
        let r = try app.request("PATCH", "/__admin/tenants/demo/settings/jifeline", body: "{}")
        #expect(r.status == 400)
        #expect(dig(r.json, "error") as? String == "jifeline has no tenant settings")
        #expect(try app.get("/__admin/tenants/demo/settings/nope").status == 404)
    }
}
