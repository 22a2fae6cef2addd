import Testing
import UnderstudyCore

/// Reading scenario documents: the docs/INTERFACE.md example, and one error per kind of mistake, naming the field.
@Suite struct ScenarioParserTests {
    static func parse(_ text: String) throws -> Scenario { try ScenarioParser.parse(try JSONParser.parse(Array(text.utf8))) }

    @Test func readsTheInterfaceExample() throws {
        let s = try Self.parse("""
        {"name": "fleetio-flaky-create", "description": "third issue create fails, then a rate limit",
         "rules": [
          {"match": {"api": "fleetio", "method": "POST", "path": "/api/v1/issues"}, "when": {"nth": 3}, "respond": {"error": "server_error"}},
          {"match": {"api": "fleetio", "path": "/api/v1/*"}, "rate_limit": {"limit": 20, "window_s": 60}},
          {"match": {"api": "bossdesk", "method": "GET", "path": "/api/v1/tickets/:id"}, "when": {"probability": 0.2, "seed": 42}, "delay_ms": 1500}
         ]}
        """)
        #expect(s.name == "fleetio-flaky-create")
        #expect(s.rules.count == 3)
        #expect(s.rules[0].when.nth == 3)
        #expect(s.rules[1].rateLimit?.limit == 20)
        #expect(s.rules[1].rateLimit?.windowSeconds == 60)
        #expect(s.rules[2].when.probability == 0.2)
        #expect(s.rules[2].when.seed == 42)
        #expect(s.rules[2].delay?.min == 1500)
    }

    @Test(arguments: [
        (#"{"rules":[{"match":{},"delay_ms":1}]}"#, "name: is required"),
        (#"{"name":"a b","rules":[{"match":{},"delay_ms":1}]}"#, "name:"),
        (#"{"name":"x"}"#, "rules: is required"),
        (#"{"name":"x","rules":[]}"#, "rules: needs at least one rule"),
        (#"{"name":"x","rules":{}}"#, "rules: expected an array"),
        (#"{"name":"x","color":"red","rules":[{"match":{},"delay_ms":1}]}"#, "color: unknown field"),
        (#"{"name":"x","rules":[{"delay_ms":1}]}"#, "rules[0].match: is required"),
        (#"{"name":"x","rules":[{"match":{}}]}"#, "rules[0]: a rule needs one of respond, delay_ms, fault or rate_limit"),
        (#"{"name":"x","rules":[{"match":{"verb":"GET"},"delay_ms":1}]}"#, "rules[0].match.verb: unknown field"),
        (#"{"name":"x","rules":[{"match":{"path":"api"},"delay_ms":1}]}"#, "rules[0].match.path: must start with '/'"),
        (#"{"name":"x","rules":[{"match":{"path":"/a/*/b"},"delay_ms":1}]}"#, "rules[0].match.path: '*' may only be the last segment"),
        (#"{"name":"x","rules":[{"match":{"headers":{"X-A":1}},"delay_ms":1}]}"#, "rules[0].match.headers.X-A: expected a string"),
        (#"{"name":"x","rules":[{"match":{},"when":{"nth":0},"delay_ms":1}]}"#, "rules[0].when.nth: expected a whole number ≥ 1"),
        (#"{"name":"x","rules":[{"match":{},"when":{"probability":1.5},"delay_ms":1}]}"#, "rules[0].when.probability: expected a number from 0 to 1"),
        (#"{"name":"x","rules":[{"match":{},"when":{"seed":3},"delay_ms":1}]}"#, "rules[0].when.seed: only goes with probability"),
        (#"{"name":"x","rules":[{"match":{},"respond":{"error":"teapot"}}]}"#, "rules[0].respond.error: unknown error kind 'teapot'"),
        (#"{"name":"x","rules":[{"match":{},"respond":{"status":700}}]}"#, "rules[0].respond.status:"),
        (#"{"name":"x","rules":[{"match":{},"respond":{"status":200,"headers":{"Bad Name":"v"}}}]}"#, "rules[0].respond.headers.Bad Name: not a valid header name"),
        (#"{"name":"x","rules":[{"match":{},"respond":{"status":200,"headers":{"X-A":"a\r\nb"}}}]}"#, "rules[0].respond.headers.X-A: must not contain CR, LF or NUL"),
        (#"{"name":"x","rules":[{"match":{},"delay_ms":-1}]}"#, "rules[0].delay_ms: expected milliseconds from 0 to 600000"),
        (#"{"name":"x","rules":[{"match":{},"delay_ms":{"min":9,"max":3}}]}"#, "rules[0].delay_ms.min: must not exceed max"),
        (#"{"name":"x","rules":[{"match":{},"delay_ms":{"min":9}}]}"#, "rules[0].delay_ms: a range needs both min and max"),
        (#"{"name":"x","rules":[{"match":{},"fault":"explode"}]}"#, "rules[0].fault: unknown fault 'explode'"),
        (#"{"name":"x","rules":[{"match":{},"rate_limit":{"limit":5}}]}"#, "rules[0].rate_limit.window_s: is required"),
        (#"{"name":"x","rules":[{"match":{},"rate_limit":{"limit":5,"window_s":0}}]}"#, "rules[0].rate_limit.window_s: expected a whole number ≥ 1"),
        (#"{"name":"x","rules":[{"match":{},"delay_ms":1},{"match":{},"fault":7}]}"#, "rules[1].fault: expected a string"),
    ])
    func badDocumentsNameTheField(_ text: String, _ message: String) {
        do {
            _ = try Self.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect("\(error)".hasPrefix(message), "\(error)")
        }
    }

    @Test func conditionsCountMatchesFromOne() {
        var c = RuleCondition()
        c.nth = 3
        #expect((1...5).map { c.holds(matchNumber: $0) } == [false, false, true, false, false])
        c = RuleCondition()
        c.after = 2
        #expect((1...4).map { c.holds(matchNumber: $0) } == [false, false, true, true])
        c = RuleCondition()
        c.times = 2
        #expect((1...4).map { c.holds(matchNumber: $0) } == [true, true, false, false])
        c = RuleCondition()
        c.every = 2
        #expect((1...4).map { c.holds(matchNumber: $0) } == [false, true, false, true])
    }

    @Test func seededProbabilityIsTheSameSequenceEveryTimeAndNearItsRate() {
        var c = RuleCondition()
        c.probability = 0.3
        c.seed = 42
        let first = (1...1000).map { c.holds(matchNumber: $0) }
        #expect((1...1000).map { c.holds(matchNumber: $0) } == first)
        let rate = Double(first.filter { $0 }.count) / 1000
        #expect(rate > 0.25 && rate < 0.35)
        c.seed = 43
        #expect((1...1000).map { c.holds(matchNumber: $0) } != first)
    }
}
