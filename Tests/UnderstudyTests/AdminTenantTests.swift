import Foundation
import Testing
import TestSupport
import UnderstudyCore

@Suite struct AdminTenantTests {
    @Test func healthReportsStatusVersionAndTenants() throws {
        let app = try TestApp()
        let r = try app.get("/__admin/health")
        #expect(r.status == 200)
        #expect(r.header("Content-Type") == "application/json; charset=utf-8")
        #expect(dig(r.json, "status") as? String == "ok")
        #expect(dig(r.json, "version") as? String == UnderstudyVersion.current)
        #expect(dig(r.json, "tenants") as? Int == 1)
        #expect(dig(r.json, "uptime_s") is Double || dig(r.json, "uptime_s") is Int)
    }

    @Test func demoTenantHasTheDocumentedCredentials() throws {
        let app = try TestApp()
        let o = try app.get("/__admin/tenants/demo").json
        #expect(dig(o, "id") as? String == "demo")
        #expect(dig(o, "fleetio", "api_key") as? String == "demo-fleetio-key")
        #expect(dig(o, "fleetio", "account_token") as? String == "demo-fleetio-account")
        #expect(dig(o, "fleetio", "headers", "Authorization") as? String == "Token demo-fleetio-key")
        #expect(dig(o, "fleetio", "read_only", "api_key") as? String == "demo-fleetio-readonly-key")
        #expect(dig(o, "jifeline", "client_id") as? String == "demo-jifeline-client")
        #expect(dig(o, "jifeline", "client_secret") as? String == "demo-jifeline-secret")
        #expect(dig(o, "stackone", "api_key") as? String == "demo-stackone-key")
        #expect(dig(o, "stackone", "account_id") as? String == "demo-stackone-account")
        #expect(dig(o, "stackone", "headers", "Authorization") as? String == "Basic " + Data("demo-stackone-key:".utf8).base64EncodedString())
        #expect(dig(o, "bossdesk", "agent", "username") as? String == "jackpot")
        #expect(dig(o, "bossdesk", "agent", "password") as? String == "demo-password")
        #expect(dig(o, "bossdesk", "agent", "headers", "Authorization") as? String == "Token token=\"demo-bossdesk-agent-key\"")
        #expect(dig(o, "bossdesk", "end_user", "api_key") as? String == "demo-bossdesk-user-key")
        #expect(dig(o, "bossdesk", "restricted_agent", "api_key") as? String == "demo-bossdesk-limited-key")
    }

    @Test func tenantObjectListsEveryFixtureSection() throws {
        let app = try TestApp()
        let fixtures = try #require(dig(try app.get("/__admin/tenants/demo").json, "fixtures") as? [String: Any])
        #expect(Set(fixtures.keys) == ["fleetio", "jifeline", "stackone", "bossdesk"])
        #expect(dig(fixtures, "fleetio", "vehicle_ids") is [Any])
        #expect(dig(fixtures, "bossdesk", "ci_friendly_ids") is [Any])
    }

    /// Generated keys, tokens and secrets never read as a number, a boolean or null (a client that evaluates header
    /// values, as airbyte-cdk does with `ast.literal_eval`, would otherwise send a different credential).
    @Test func noGeneratedCredentialReadsAsANumber() throws {
        let app = try TestApp()
        var seen = 0
        func check(_ value: Any?, _ path: String) {
            if let s = value as? String {
                seen += 1
                #expect(Double(s) == nil && !["true", "false", "null", "none"].contains(s.lowercased()), "\(path) = \(s)")
                #expect(s.first?.isLetter == true, "\(path) = \(s) starts with no letter")
            } else if let o = value as? [String: Any] {
                for (k, v) in o where k != "headers" && k != "username" { check(v, path + "." + k) }
            }
        }
        for _ in 0..<40 {
            let o = try app.createTenant()
            for api in ["fleetio", "jifeline", "stackone", "bossdesk"] { check(o[api], api) }
        }
        #expect(seen > 40 * 10)
    }

    /// The tenant object's promise: every list under `fixtures` holds at least three ids.
    @Test func everyFixtureListHoldsAtLeastThreeIDs() throws {
        let app = try TestApp()
        let fixtures = try #require(dig(try app.createTenant(), "fixtures") as? [String: [String: Any]])
        var lists = 0
        for (api, members) in fixtures {
            for (name, value) in members {
                lists += 1
                #expect(((value as? [Any])?.count ?? 0) >= 3, "\(api).\(name) has \((value as? [Any])?.count ?? 0) ids")
            }
        }
        #expect(lists >= 14)
    }

    @Test func createdTenantAnswers201WithLocationAndItsOwnSecrets() throws {
        let app = try TestApp()
        let r = try app.post("/__admin/tenants")
        #expect(r.status == 201)
        let id = try #require(dig(r.json, "id") as? String)
        #expect(id.hasPrefix("t_"))
        #expect(r.header("Location") == "/__admin/tenants/\(id)")
        #expect(dig(r.json, "fleetio", "api_key") as? String != "demo-fleetio-key")
        #expect(dig(r.json, "bossdesk", "agent", "username") as? String == "jackpot")
        #expect(try app.get("/__admin/tenants/\(id)").text == r.text)
    }

    @Test func twoNewTenantsNeverShareASecret() throws {
        let app = try TestApp()
        func secrets(_ o: [String: Any]) -> Set<String> {
            let paths: [[Any]] = [["fleetio", "api_key"], ["fleetio", "read_only", "api_key"], ["jifeline", "client_secret"],
                                  ["stackone", "api_key"], ["bossdesk", "agent", "api_key"], ["bossdesk", "end_user", "api_key"],
                                  ["bossdesk", "restricted_agent", "api_key"], ["bossdesk", "agent", "password"]]
            return Set(paths.compactMap { path in
                path.reduce(o as Any?) { v, k in (v as? [String: Any])?[k as! String] } as? String
            })
        }
        let a = secrets(try app.createTenant()), b = secrets(try app.createTenant())
        #expect(a.count == 8)
        #expect(b.count == 8)
        #expect(a.isDisjoint(with: b))
    }

    @Test func tenantCanBeCreatedWithAChosenID() throws {
        let app = try TestApp()
        let o = try app.createTenant(#"{"id":"suite-42"}"#)
        #expect(dig(o, "id") as? String == "suite-42")
    }

    @Test func duplicateTenantIDIsRejected() throws {
        let app = try TestApp()
        _ = try app.createTenant(#"{"id":"twice"}"#)
        let r = try app.post("/__admin/tenants", #"{"id":"twice"}"#)
        #expect(r.status == 400)
        #expect(dig(r.json, "error") as? String == "tenant twice already exists")
    }

    @Test(arguments: [#"{"id":"has space"}"#, #"{"id":""}"#, #"{"id":"../escape"}"#, #"{"id":7}"#])
    func invalidTenantIDIsRejected(_ body: String) throws {
        let app = try TestApp()
        let r = try app.post("/__admin/tenants", body)
        #expect(r.status == 400)
        #expect(dig(r.json, "error") is String)
    }

    @Test func unknownFieldInTenantCreateIsRejected() throws {
        let app = try TestApp()
        let r = try app.post("/__admin/tenants", #"{"name":"x"}"#)
        #expect(r.status == 400)
        #expect((dig(r.json, "error") as? String)?.contains("unknown field name") == true)
    }

    @Test func malformedJSONIsRejected() throws {
        let app = try TestApp()
        let r = try app.post("/__admin/tenants", #"{"id":"#)
        #expect(r.status == 400)
        #expect((dig(r.json, "error") as? String)?.hasPrefix("body is not valid JSON") == true)
    }

    @Test func unknownTenantIs404() throws {
        let app = try TestApp()
        let r = try app.get("/__admin/tenants/nobody")
        #expect(r.status == 404)
        #expect(dig(r.json, "error") as? String == "no such tenant: nobody")
    }

    @Test func deletedTenantIsGoneAndItsCredentialsStopWorking() throws {
        let app = try TestApp()
        let o = try app.createTenant()
        let id = try #require(dig(o, "id") as? String)
        let key = try #require(dig(o, "fleetio", "api_key") as? String)
        #expect(app.simulator.registry.tenantID(api: "fleetio", secret: key) == id)
        #expect(try app.delete("/__admin/tenants/\(id)").status == 204)
        #expect(try app.get("/__admin/tenants/\(id)").status == 404)
        #expect(app.simulator.registry.tenantID(api: "fleetio", secret: key) == nil)
        #expect(try app.delete("/__admin/tenants/\(id)").status == 404)
    }

    @Test func demoTenantCannotBeDeleted() throws {
        let app = try TestApp()
        let r = try app.delete("/__admin/tenants/demo")
        #expect(r.status == 400)
        #expect(try app.get("/__admin/tenants/demo").status == 200)
    }

    @Test func tenantResetPutsTheDatabaseBackToTheSeedWorld() throws {
        let app = try TestApp()
        let id = try app.newTenantID()
        let tenant = try #require(app.simulator.registry.tenant(id))
        try tenant.withDatabase { try $0.execute("CREATE TABLE scratch (x); INSERT INTO scratch VALUES (1)") }
        let r = try app.post("/__admin/tenants/\(id)/reset")
        #expect(r.status == 200)
        #expect(dig(r.json, "id") as? String == id)
        let gone = try tenant.withDatabase { try $0.query("SELECT name FROM sqlite_master WHERE name = 'scratch'").isEmpty }
        #expect(gone)
    }

    @Test func tenantsDoNotSeeEachOthersData() throws {
        let app = try TestApp()
        let a = try app.tenant(try app.newTenantID())
        let b = try app.tenant(try app.newTenantID())
        try a.withDatabase { try $0.execute("CREATE TABLE mine (x)") }
        let seen = try b.withDatabase { try !$0.query("SELECT name FROM sqlite_master WHERE name = 'mine'").isEmpty }
        #expect(!seen)
    }

    @Test func resetDeletesOtherTenantsAndClearsTheJournal() throws {
        let app = try TestApp()
        let id = try app.newTenantID()
        _ = try app.get("/fleetio/api/v1/anything")
        _ = try app.post("/__admin/clock", #"{"advance_s":3600}"#)
        let r = try app.post("/__admin/reset")
        #expect(r.status == 200)
        #expect(try app.get("/__admin/tenants/\(id)").status == 404)
        #expect(try app.get("/__admin/tenants/demo").status == 200)
        #expect((dig(try app.get("/__admin/requests").json, "requests") as? [Any])?.isEmpty == true)
        #expect(dig(try app.get("/__admin/clock").json, "offset_s") as? Double ?? 0 < 5)
    }
}
