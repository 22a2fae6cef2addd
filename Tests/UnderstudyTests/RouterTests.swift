import Foundation
import Testing
import TestSupport
import UnderstudyCore

@Suite struct RouterTests {
    @Test func unknownAPIGetsTheGenericError() throws {
        let app = try TestApp()
        let r = try app.get("/nope/x")
        #expect(r.status == 404)
        #expect(dig(r.json, "error") as? String == "no such API: /nope/x")
    }

    @Test func apiPrefixMustBeAWholeSegment() throws {
        let app = try TestApp()
        #expect(dig(try app.get("/fleetiox/api").json, "error") as? String == "no such API: /fleetiox/api")
    }

    @Test func fleetioAnswersItsOwn404Problem() throws {
        let app = try TestApp()
        let r = try app.get("/fleetio/api/v1/nothing", headers: [("Authorization", "Token demo-fleetio-key"), ("Account-Token", "demo-fleetio-account")])
        #expect(r.status == 404)
        #expect(dig(r.json, "status") as? Int == 404)
        #expect(dig(r.json, "title") as? String == "Not Found")
        #expect(dig(r.json, "instance") as? String == "/api/v1/nothing")
    }

    @Test func jifelineAnswersAProblemDocument() throws {
        let app = try TestApp()
        let r = try app.get("/jifeline/v2/nothing")
        #expect(r.status == 404)
        #expect(r.header("Content-Type") == "application/problem+json")
        #expect(dig(r.json, "type") as? String == "about:blank")
        #expect(dig(r.json, "status") as? Int == 404)
    }

    @Test func stackOneAnswersItsStatusCodeEnvelope() throws {
        let app = try TestApp()
        let r = try app.get("/stackone/unified/ticketing/nothing")
        #expect(dig(r.json, "statusCode") as? Int == 401)
        #expect(dig(r.json, "message") as? String == "Unauthorized")
        #expect((dig(r.json, "timestamp") as? String).flatMap(ISO8601.parse) != nil)
    }

    @Test func bossDeskAnswersRailsErrors() throws {
        let app = try TestApp()
        let r = try app.get("/bossdesk/api/v1/nothing", headers: [("Authorization", #"Token token="demo-bossdesk-agent-key""#)])
        #expect(r.status == 404)
        #expect(dig(r.json, "errors", "base", 0) as? String == "Not found")
    }

    @Test func unknownAdminEndpointIs404() throws {
        let app = try TestApp()
        let r = try app.get("/__admin/nothing")
        #expect(r.status == 404)
        #expect(dig(r.json, "error") is String)
    }

    @Test func wrongMethodOnAnAdminPathIs405WithAllow() throws {
        let app = try TestApp()
        let r = try app.post("/__admin/health")
        #expect(r.status == 405)
        #expect(r.header("Allow") == "GET, HEAD")
    }

    @Test func headOnAnAdminPathAnswersLikeGetWithoutBody() throws {
        let app = try TestApp()
        let get = try app.get("/__admin/clock")
        let head = try app.request("HEAD", "/__admin/clock")
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == get.header("Content-Length"))
        #expect(head.body.isEmpty)
    }

    @Test func adminTokenIsRequiredWhenConfigured() throws {
        let app = try TestApp { $0.adminToken = "sesame" }
        #expect(try app.get("/__admin/health").status == 401)
        #expect(try app.get("/__admin/health", headers: [("X-Understudy-Admin-Token", "wrong")]).status == 401)
        #expect(try app.get("/__admin/health", headers: [("X-Understudy-Admin-Token", "sesame")]).status == 200)
    }

    @Test func vendorCredentialsFindTheirTenant() throws {
        let app = try TestApp()
        let o = try app.createTenant()
        let id = try #require(dig(o, "id") as? String)
        let cases: [(String, String)] = [
            ("/fleetio/api/v1/x", try #require(dig(o, "fleetio", "headers", "Authorization") as? String)),
            ("/jifeline/v2/x", try #require(dig(o, "jifeline", "headers", "Authorization") as? String)),
            ("/stackone/unified/ticketing/x", try #require(dig(o, "stackone", "headers", "Authorization") as? String)),
            ("/bossdesk/api/v1/x", try #require(dig(o, "bossdesk", "agent", "headers", "Authorization") as? String)),
        ]
        for (path, auth) in cases { _ = try app.get(path, headers: [("Authorization", auth)]) }
        let entries = (dig(try app.get("/__admin/requests").json, "requests") as? [[String: Any]]) ?? []
        #expect(entries.map { $0["tenant"] as? String } == [id, id, id, id])
    }

    @Test func bossDeskBasicLoginFindsItsTenantByUsernameAndPassword() throws {
        let app = try TestApp()
        let o = try app.createTenant()
        let password = try #require(dig(o, "bossdesk", "agent", "password") as? String)
        let basic = "Basic " + Data("jackpot:\(password)".utf8).base64EncodedString()
        _ = try app.post("/bossdesk/api/v1/sessions", headers: [("Authorization", basic)])
        let e = (dig(try app.get("/__admin/requests").json, "requests") as? [[String: Any]])?.last
        #expect(e?["tenant"] as? String == dig(o, "id") as? String)
    }
}
