import Foundation
import Testing
import TestSupport
import UnderstudyApp
import UnderstudyCore

/// `GET /__admin/coverage`: per operation of each API's route table, the statuses, scripted errors and faults seen,
/// whether a later page was asked for, and the documented errors never seen.
@Suite struct CoverageTests {
    private let fleetio = [("Authorization", "Token demo-fleetio-key"), ("Account-Token", "demo-fleetio-account")]
    private let agent = [("Authorization", #"Token token="demo-bossdesk-agent-key""#)]

    private func report(_ app: TestApp, _ query: String = "") throws -> [String: Any] {
        let r = try app.get("/__admin/coverage" + query)
        #expect(r.status == 200)
        return try #require(r.json as? [String: Any])
    }

    /// The entry of one operation in an API's report.
    private func operation(_ report: [String: Any], _ api: String, _ method: String, _ path: String) throws -> [String: Any] {
        let ops = try #require(dig(report, api, "operations") as? [[String: Any]])
        return try #require(ops.first { $0["method"] as? String == method && $0["path"] as? String == path })
    }

    /// Two list requests (the second asking for page 2), a missing record, a scripted 429, a scripted fault.
    private func scriptedSequence(_ app: TestApp, headers: [(String, String)]? = nil) throws {
        _ = try app.get("/fleetio/api/v1/issues?per_page=2", headers: headers ?? fleetio)
        _ = try app.get("/fleetio/api/v1/issues?per_page=2&page=2", headers: headers ?? fleetio)
        _ = try app.get("/fleetio/api/v1/issues/999999", headers: headers ?? fleetio)
        _ = try app.get("/bossdesk/api/v1/tickets/3", headers: agent + [("X-Understudy-Error", "rate_limited")])
        let c = try RawClient(port: app.port)
        c.send("GET /bossdesk/api/v1/tickets/3 HTTP/1.1\r\nHost: x\r\nAuthorization: Token token=\"demo-bossdesk-agent-key\"\r\nX-Understudy-Fault: connection_reset\r\n\r\n")
        #expect(c.wasReset())
    }

    @Test func countsMatchAScriptedSequenceOfRequestsExactly() throws {
        let app = try TestApp()
        try scriptedSequence(app)
        let r = try report(app)
        let issues = try operation(r, "fleetio", "GET", "/api/v1/issues")
        #expect(issues["requests"] as? Int == 2)
        #expect(issues["statuses"] as? [String: Int] == ["200": 2])
        #expect(issues["second_page"] as? Bool == true)
        let issue = try operation(r, "fleetio", "GET", "/api/v1/issues/:id")
        #expect(issue["statuses"] as? [String: Int] == ["404": 1])
        #expect(issue["second_page"] is NSNull)
        let ticket = try operation(r, "bossdesk", "GET", "/api/v1/tickets/:id")
        #expect(ticket["requests"] as? Int == 2)
        #expect(ticket["scripted"] as? [String: Int] == ["rate_limited": 1, "fault:connection_reset": 1])
        #expect((ticket["statuses"] as? [String: Int])?["429"] == 1)
        #expect(dig(r, "fleetio", "exercised") as? Int == 2)
        #expect(dig(r, "bossdesk", "exercised") as? Int == 1)
        #expect(dig(r, "jifeline", "exercised") as? Int == 0)
        #expect((dig(r, "fleetio", "total") as? Int ?? 0) > 100)
    }

    @Test func aLaterPageIsRecognisedAsEachVendorAsksForOne() throws {
        let app = try TestApp()
        let stackone = [("Authorization", "Basic " + Base64.encode("demo-stackone-key:")), ("x-account-id", "demo-stackone-account")]
        _ = try app.get("/jifeline/v2/tickets/tickets?limit=2&offset=2", headers: [("Authorization", "Bearer demo-jifeline-token")])
        _ = try app.get("/bossdesk/api/v1/tickets?page=2", headers: agent)
        _ = try app.get("/stackone/unified/ticketing/users?page_size=2", headers: stackone)
        let next = try #require(dig(try app.get("/stackone/unified/ticketing/tickets?page_size=2", headers: stackone).json, "next") as? String)
        _ = try app.get("/stackone/unified/ticketing/tickets?page_size=2&next=\(next)", headers: stackone)
        let r = try report(app)
        #expect(try operation(r, "jifeline", "GET", "/v2/tickets/tickets")["second_page"] as? Bool == true)
        #expect(try operation(r, "bossdesk", "GET", "/api/v1/tickets")["second_page"] as? Bool == true)
        #expect(try operation(r, "stackone", "GET", "/unified/ticketing/tickets")["second_page"] as? Bool == true)
        #expect(try operation(r, "stackone", "GET", "/unified/ticketing/users")["second_page"] as? Bool == false)
        #expect(try operation(r, "stackone", "GET", "/unified/ticketing/users/:id")["second_page"] is NSNull)
    }

    @Test func aListNeverAskedForALaterPageSaysSo() throws {
        let app = try TestApp()
        _ = try app.get("/fleetio/api/v1/issues?per_page=2", headers: fleetio)
        #expect(try operation(try report(app), "fleetio", "GET", "/api/v1/issues")["second_page"] as? Bool == false)
    }

    @Test func documentedErrorsNeverSeenAreListedUntilTheyAre() throws {
        let app = try TestApp()
        let stale = { (r: [String: Any]) in
            (dig(r, "bossdesk", "never_seen") as? [[String: Any]] ?? []).contains { $0["status"] as? Int == 409 }
        }
        #expect(stale(try report(app)))
        let r = try app.request("PATCH", "/bossdesk/api/v1/tickets/3", headers: agent, body: #"{"ticket":{"title":"x","lock_version":99}}"#)
        #expect(r.status == 409)
        #expect(!stale(try report(app)))
        let unseen = dig(try report(app), "fleetio", "never_seen") as? [[String: Any]] ?? []
        #expect(unseen.contains { $0["status"] as? Int == 429 })
    }

    @Test func aTenantFilterCountsOnlyThatTenantsRequests() throws {
        let app = try TestApp()
        let other = try app.createTenant()
        let key = try #require(dig(other, "fleetio", "api_key") as? String)
        let account = try #require(dig(other, "fleetio", "account_token") as? String)
        let id = try #require(other["id"] as? String)
        _ = try app.get("/fleetio/api/v1/issues", headers: [("Authorization", "Token \(key)"), ("Account-Token", account)])
        _ = try app.get("/fleetio/api/v1/issues", headers: fleetio)
        _ = try app.get("/fleetio/api/v1/issues", headers: fleetio)
        #expect(try operation(try report(app, "?tenant=\(id)"), "fleetio", "GET", "/api/v1/issues")["requests"] as? Int == 1)
        #expect(try operation(try report(app, "?tenant=demo"), "fleetio", "GET", "/api/v1/issues")["requests"] as? Int == 2)
        #expect(try operation(try report(app), "fleetio", "GET", "/api/v1/issues")["requests"] as? Int == 3)
    }

    @Test func anAPIFilterReportsThatAPIAlone() throws {
        let app = try TestApp()
        #expect(try report(app, "?api=jifeline").keys.sorted() == ["jifeline"])
        let bad = try app.get("/__admin/coverage?api=nope")
        #expect(bad.status == 400)
        #expect(bad.text.contains("no such API: nope"))
    }

    @Test func requestsPastTheJournalsLimitAreStillCounted() throws {
        let app = try TestApp { $0.journalLimit = 2 }
        for _ in 0..<5 { _ = try app.get("/fleetio/api/v1/issues", headers: fleetio) }
        #expect(try operation(try report(app), "fleetio", "GET", "/api/v1/issues")["requests"] as? Int == 5)
    }

    @Test func clearingTheJournalEmptiesTheCoverage() throws {
        let app = try TestApp()
        try scriptedSequence(app)
        #expect(try app.delete("/__admin/requests").status == 204)
        #expect(dig(try report(app), "fleetio", "exercised") as? Int == 0)
        #expect(dig(try report(app), "bossdesk", "exercised") as? Int == 0)
    }

    @Test func theTextFormatIsAnAlignedTableWithTheNeverSeenErrors() throws {
        let app = try TestApp()
        try scriptedSequence(app)
        let r = try app.get("/__admin/coverage?format=text&api=fleetio")
        #expect(r.status == 200)
        let lines = r.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "fleetio: 2 of \(try #require(dig(try report(app), "fleetio", "total") as? Int)) operations exercised")
        let row = try #require(lines.first { $0.contains("GET     /api/v1/issues ") })
        #expect(row.hasPrefix("  +  GET"))
        #expect(row.contains("200×2"))
        #expect(row.hasSuffix("yes"))
        let header = try #require(lines.dropFirst().first)
        #expect(header.range(of: "statuses")?.lowerBound.utf16Offset(in: header) == row.range(of: "200×2")?.lowerBound.utf16Offset(in: row))
        #expect(r.text.contains("429 the account token's rate limit"))
    }

    @Test func theCommandPrintsTheTableAndExitsZero() throws {
        let app = try TestApp()
        try scriptedSequence(app)
        var out: [UInt8] = []
        let code = CoverageCommand.main(arguments: ["--url", "http://127.0.0.1:\(app.port)", "--api", "fleetio", "--tenant", "demo"],
                                        environment: [:], output: { out += $0 })
        let printed = String(decoding: out, as: UTF8.self)
        #expect(code == 0)
        #expect(printed.hasPrefix("fleetio: 2 of "))
        #expect(!printed.contains("bossdesk"))
    }

    @Test func theCommandWithoutAURLIsAUsageError() {
        #expect(Launcher.main(arguments: ["coverage", "--tenant", "demo"], environment: [:]) == Launcher.exitUsage)
        #expect(CoverageCommand.main(arguments: ["--url"], environment: [:]) == Launcher.exitUsage)
        #expect(Launcher.main(arguments: ["coverage", "--url", "ftp://x"], environment: [:]) == Launcher.exitUsage)
    }

    @Test func theCommandFailsWithOneWhenNothingListens() {
        #expect(Launcher.main(arguments: ["coverage", "--url", "http://127.0.0.1:1"], environment: [:]) == 1)
    }
}
