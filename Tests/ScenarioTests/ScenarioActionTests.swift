import Foundation
import Glibc
import Testing
import TestSupport
import UnderstudyCore

/// Delays, connection faults and rate limits scripted by scenarios, read off the raw socket.
@Suite struct ScenarioActionTests {
    static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// A raw GET of a Fleetio path as a tenant.
    static func rawGet(_ path: String, _ t: FleetioTenant) -> String {
        "GET /fleetio\(path) HTTP/1.1\r\nHost: x\r\n" + t.headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n"
    }

    /// A server whose Fleetio answers all break with one fault, and a raw client that has sent it a GET.
    /// (The client is read through this value, so the server lives as long as the test reads.)
    struct Faulted {
        let app: TestApp
        let raw: RawClient
        var client: RawClient { withExtendedLifetime(app) { raw } }

        init(_ fault: String) throws {
            app = try TestApp()
            let t = try app.fleetioTenant()
            try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio"},"fault":"\#(fault)"}]}"#)
            raw = try RawClient(port: app.port)
            raw.send(ScenarioActionTests.rawGet("/api/v1/issues", t))
        }
    }

    @Test func delayHoldsTheRealAnswer() throws {
        let app = try TestApp()
        let t = try app.fleetioTenant()
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio"},"delay_ms":300}]}"#)
        let start = Self.monotonic()
        let r = try app.get("/fleetio/api/v1/issues", headers: t.headers)
        #expect(Self.monotonic() - start >= 0.3)
        #expect(r.status == 200)
    }

    @Test func aDelayRangeStaysWithinItsBounds() throws {
        let engine = ScenarioEngine(scenarios: [try ScenarioParser.parse(try JSONParser.parse(Array(
            #"{"name":"s","rules":[{"match":{},"delay_ms":{"min":100,"max":120}}]}"#.utf8)))])
        let delays = (0..<200).compactMap { _ in
            engine.decide(ScenarioRequest(api: "fleetio", method: "GET", path: "/", headers: [:], tenant: nil, now: 0))?.delayMilliseconds
        }
        #expect(delays.count == 200)
        #expect(delays.allSatisfy { (100...120).contains($0) })
        #expect(Set(delays).count > 5)
    }

    @Test func twoHundredDelayedRequestsFinishTogether() throws {
        let app = try TestApp()
        let t = try app.fleetioTenant()
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio"},"delay_ms":2000}]}"#)
        let clients = try (0..<200).map { _ in try RawClient(port: app.port, timeout: 15) }
        let start = Self.monotonic()
        for c in clients { c.send(Self.rawGet("/api/v1/issues", t)) }
        let statuses = try clients.map { try $0.readResponse().status }
        let elapsed = Self.monotonic() - start
        #expect(statuses.allSatisfy { $0 == 200 })
        #expect(elapsed >= 2.0)
        // Held without a worker each: in series they would take 400 s, on two loops 200 s.
        #expect(elapsed < 6.0, "took \(elapsed) s")
    }

    @Test func aDelayedRequestDoesNotHoldUpOthers() throws {
        let app = try TestApp()
        let t = try app.fleetioTenant()
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio","path":"/api/v1/issues"},"delay_ms":3000}]}"#)
        let slow = try RawClient(port: app.port, timeout: 10)
        slow.send(Self.rawGet("/api/v1/issues", t))
        let start = Self.monotonic()
        #expect(try app.get("/fleetio/api/v1/vehicles", headers: t.headers).status == 200)
        #expect(Self.monotonic() - start < 2.5)
        #expect(try slow.readResponse().status == 200)
    }

    @Test func connectionResetFault() throws {
        let f = try Faulted("connection_reset")
        #expect(f.client.wasReset())
    }

    @Test func emptyResponseFault() throws {
        let f = try Faulted("empty_response")
        #expect(f.client.waitForClose(seconds: 3))
        #expect(f.client.unread.isEmpty)
    }

    @Test func malformedResponseFault() throws {
        let f = try Faulted("malformed_response")
        let text = f.client.readAll()
        #expect(!text.isEmpty)
        #expect(!text.hasPrefix("HTTP/1.1 200"))
    }

    @Test func truncatedBodyFaultCutsTheRealAnswer() throws {
        let f = try Faulted("truncated_body")
        let text = f.client.readAll()
        let head = try #require(text.components(separatedBy: "\r\n\r\n").first)
        let promised = head.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.split(separator: " ").last ?? "") }
        #expect(head.hasPrefix("HTTP/1.1 200"))
        #expect((promised ?? 0) > text.utf8.count - head.utf8.count - 4)
    }

    @Test func hangFaultNeverAnswers() throws {
        let f = try Faulted("hang")
        #expect(!f.client.waitForClose(seconds: 1))
        #expect(f.client.unread.isEmpty)
    }

    @Test func respondWithAFaultBreaksTheScriptedAnswerWithoutTouchingData() throws {
        let app = try TestApp()
        let t = try app.fleetioTenant()
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio","method":"DELETE"},"respond":{"error":"server_error"},"fault":"connection_reset"}]}"#)
        let c = try RawClient(port: app.port)
        c.send("DELETE /fleetio/api/v1/contacts/660301 HTTP/1.1\r\nHost: x\r\n" + t.headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n")
        #expect(c.wasReset())
        #expect(try app.get("/fleetio/api/v1/contacts/660301", headers: t.headers).status == 200)
    }

    @Test func rateLimitAnswersTheVendors429WithTheSecondsLeftInTheWindow() throws {
        let app = try TestApp()
        let t = try app.fleetioTenant()
        #expect(try app.post("/__admin/clock", #"{"now":"2030-01-01T00:00:10Z","frozen":true}"#).status == 200)
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio"},"rate_limit":{"limit":2,"window_s":60}}]}"#)
        #expect(try app.fleetioStatuses("/api/v1/issues", as: t, count: 2) == [200, 200])
        let limited = try app.get("/fleetio/api/v1/issues", headers: t.headers)
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == "50")
        #expect(dig(limited.json, "error") as? String == "Too many requests detected from your account token. Please try again later.")
        #expect(try app.post("/__admin/clock", #"{"advance_s":50}"#).status == 200)
        #expect(try app.get("/fleetio/api/v1/issues", headers: t.headers).status == 200)
    }

    @Test func rateLimitWindowsArePerTenant() throws {
        let app = try TestApp()
        let a = try app.fleetioTenant(), b = try app.fleetioTenant()
        try app.addScenario(#"{"name":"s","rules":[{"match":{"api":"fleetio"},"rate_limit":{"limit":1,"window_s":3600}}]}"#)
        #expect(try app.fleetioStatuses("/api/v1/issues", as: a, count: 2) == [200, 429])
        #expect(try app.fleetioStatuses("/api/v1/issues", as: b, count: 1) == [200])
    }

    @Test func aRateLimitWithRoomLetsLaterRulesAct() throws {
        let app = try TestApp()
        let t = try app.fleetioTenant()
        try app.addScenario("""
        {"name":"s","rules":[
          {"match":{"api":"fleetio"},"rate_limit":{"limit":5,"window_s":3600}},
          {"match":{"api":"fleetio"},"when":{"nth":1},"respond":{"error":"bad_gateway"}}]}
        """)
        #expect(try app.fleetioStatuses("/api/v1/issues", as: t, count: 2) == [502, 200])
    }
}
