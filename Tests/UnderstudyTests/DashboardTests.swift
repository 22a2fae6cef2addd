import Foundation
import Testing
import TestSupport
import UnderstudyCore

/// The dashboard at `/__admin/ui`, served from the package's own files and driven in a real headless Chromium
/// (`Browser`): what it shows comes from the admin API, and what it does goes through it.
@Suite(.serialized) struct DashboardTests {
    private let fleetio = [("Authorization", "Token demo-fleetio-key"), ("Account-Token", "demo-fleetio-account")]
    private let agent = [("Authorization", #"Token token="demo-bossdesk-agent-key""#)]

    @Test func thePageAndItsFilesAreServedWithoutTheAdminToken() throws {
        let app = try TestApp { $0.adminToken = "sekret" }
        let page = try app.get("/__admin/ui")
        #expect(page.status == 200)
        #expect(page.header("content-type") == "text/html; charset=utf-8")
        #expect(page.text.contains("/__admin/ui/dashboard.js"))
        #expect(try app.get("/__admin/ui/dashboard.js").header("content-type") == "text/javascript; charset=utf-8")
        #expect(try app.get("/__admin/ui/dashboard.css").status == 200)
        #expect(try app.get("/__admin/ui/secrets.json").status == 404)
        #expect(try app.get("/__admin/requests").status == 401)   // the data still needs the token
    }

    @Test func thePageUsesNoAssetFromElsewhere() throws {
        let app = try TestApp()
        for file in ["", "/dashboard.js", "/dashboard.css"] {
            let text = try app.get("/__admin/ui" + file).text
            #expect(!text.contains("http://") && !text.contains("https://") && !text.contains("//cdn"), "\(file)")
        }
    }

    @Test(.enabled(if: Browser.path != nil, "needs a headless chromium (apt-get install chromium)"))
    func theJournalShowsRequestsNewestFirstAndFiltersNarrowThem() throws {
        let app = try TestApp()
        _ = try app.get("/fleetio/api/v1/issues", headers: fleetio)
        _ = try app.get("/bossdesk/api/v1/tickets/999", headers: agent)
        let b = try Browser("http://127.0.0.1:\(app.port)/__admin/ui#journal")
        try b.wait(for: "document.querySelectorAll('#journal-table tbody tr').length === 2")
        #expect(try b.evaluate("[...document.querySelectorAll('#journal-table tbody tr td:nth-child(3)')].map(td => td.textContent).join(',')") as? String == "bossdesk,fleetio")
        _ = try b.evaluate("document.querySelector('#filters [name=api]').value = 'fleetio'; document.getElementById('filters').dispatchEvent(new Event('change')); true")
        try b.wait(for: "document.querySelectorAll('#journal-table tbody tr').length === 1 && location.hash === '#journal?api=fleetio'")
        #expect(try b.evaluate("document.querySelector('#journal-table tbody td.path').textContent") as? String == "/api/v1/issues")
    }

    @Test(.enabled(if: Browser.path != nil, "needs a headless chromium (apt-get install chromium)"))
    func newRequestsAppearWithoutReloading() throws {
        let app = try TestApp()
        let b = try Browser("http://127.0.0.1:\(app.port)/__admin/ui#journal")
        try b.wait(for: "document.getElementById('journal-count').textContent.startsWith('0 shown')")
        _ = try app.get("/fleetio/api/v1/issues", headers: fleetio)
        try b.wait(for: "document.querySelectorAll('#journal-table tbody tr').length === 1")
    }

    @Test(.enabled(if: Browser.path != nil, "needs a headless chromium (apt-get install chromium)"))
    func aRowOpensTheRequestAndTheAnswerWithTheBodyPrettyPrintedAndSecretsMasked() throws {
        let app = try TestApp()
        _ = try app.get("/bossdesk/api/v1/tickets/999", headers: agent)
        let b = try Browser("http://127.0.0.1:\(app.port)/__admin/ui#journal")
        try b.wait(for: "document.querySelectorAll('#journal-table tbody tr').length === 1")
        _ = try b.evaluate("document.querySelector('#journal-table tbody tr').click(); true")
        let response = try b.wait(for: "!document.getElementById('detail').hidden && document.getElementById('detail-response').textContent") as? String
        #expect(response?.contains("404") == true)
        #expect(response?.contains("\"base\": [\n") == true)   // pretty-printed
        let request = try b.evaluate("document.getElementById('detail-request').textContent") as? String
        #expect(request?.contains("****") == true)
        #expect(request?.contains("demo-bossdesk-agent-key") == false)
    }

    @Test(.enabled(if: Browser.path != nil, "needs a headless chromium (apt-get install chromium)"))
    func aTenantResetFromThePageResetsTheTenant() throws {
        let app = try TestApp()
        let id = try app.newTenantID()
        let before = try #require(try app.get("/__admin/tenants/\(id)/records").json as? [String: [String: Int]])
        _ = try app.post("/__admin/tenants/\(id)/records", #"{"api":"bossdesk","kind":"teams","records":[{"name":"Extra"}]}"#)
        let b = try Browser("http://127.0.0.1:\(app.port)/__admin/ui#tenants")
        let selector = "[data-action=reset][data-tenant='\(id)']"
        try b.wait(for: "document.querySelector(\"[data-kind='bossdesk/teams']\") !== null && document.querySelector(\"\(selector)\") !== null")
        _ = try b.evaluate("document.querySelector(\"\(selector)\").click(); true")
        let teams = before["bossdesk"]?["teams"] ?? -1
        try b.wait(for: "[...document.querySelectorAll(\"[data-tenant='\(id)'] [data-kind='bossdesk/teams']\")].map(e => e.textContent).join() === 'teams \(teams)'")
        #expect((try app.get("/__admin/tenants/\(id)/records").json as? [String: [String: Int]])?["bossdesk"]?["teams"] == teams)
    }

    @Test(.enabled(if: Browser.path != nil, "needs a headless chromium (apt-get install chromium)"))
    func aScenarioPastedOnThePageTakesEffectAndABadOneShowsItsPath() throws {
        let app = try TestApp()
        let b = try Browser("http://127.0.0.1:\(app.port)/__admin/ui#scenarios")
        try b.wait(for: "document.getElementById('scenario-list').textContent.includes('No scenarios')")
        let bad = #"{"name":"broken","rules":[{"match":{"api":"fleetio"},"respond":{"error":"no_such_error"}}]}"#
        _ = try b.evaluate("document.getElementById('scenario-json').value = \(try quoted(bad)); document.getElementById('load-scenario').click(); true")
        let message = try b.wait(for: "document.getElementById('scenario-result').className === 'error' && document.getElementById('scenario-result').textContent") as? String
        #expect(message?.contains("rules[0].respond.error") == true, "\(message ?? "")")
        let good = #"{"name":"teapot","rules":[{"match":{"api":"fleetio","path":"/api/v1/issues"},"respond":{"status":418,"body":{"short":"and stout"}}}]}"#
        _ = try b.evaluate("document.getElementById('scenario-json').value = \(try quoted(good)); document.getElementById('load-scenario').click(); true")
        try b.wait(for: "document.querySelector(\"[data-scenario='teapot']\") !== null")
        #expect(try app.get("/fleetio/api/v1/issues", headers: fleetio).status == 418)
    }

    @Test(.enabled(if: Browser.path != nil, "needs a headless chromium (apt-get install chromium)"))
    func theClockViewAdvancesAndFreezesTheGlobalClock() throws {
        let app = try TestApp()
        let b = try Browser("http://127.0.0.1:\(app.port)/__admin/ui#clock")
        try b.wait(for: "document.getElementById('clock-now').textContent !== ''")
        _ = try b.evaluate("document.getElementById('freeze').click(); true")
        try b.wait(for: "document.getElementById('clock-state').textContent.startsWith('frozen')")
        #expect(dig(try app.get("/__admin/clock").json, "frozen") as? Bool == true)
    }

    private func quoted(_ s: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [s]), as: UTF8.self).dropFirst().dropLast().description
    }
}
