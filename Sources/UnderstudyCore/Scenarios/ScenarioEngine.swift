import HTTP1

/// What a scenario (or a per-request header) decided for one request.
public struct ScenarioDecision: Sendable {
    /// `scenario/rules[i]` (or `header:<name>`), recorded in the journal.
    public let label: String
    /// Answer this instead of asking the API; nil lets the API answer.
    public var answer: ScriptedAnswer?
    public var delayMilliseconds = 0
    /// Break the connection this way after the answer is made.
    public var fault: ConnectionFault?
    /// Set when a rate-limit window is full: the seconds left in it.
    public var retryAfter: Int?
}

/// The request facts a rule can match on.
public struct ScenarioRequest {
    public let api: String
    public let method: String
    /// The vendor path (without the `/<api>` prefix), still percent-encoded.
    public let path: String
    public let headers: HTTPHeaders
    public let tenant: String?
    /// Simulated now for the tenant (rate-limit windows follow it).
    public let now: Double

    public init(api: String, method: String, path: String, headers: HTTPHeaders, tenant: String?, now: Double) {
        self.api = api
        self.method = method
        self.path = path
        self.headers = headers
        self.tenant = tenant
        self.now = now
    }
}

/// The loaded scenarios and their per-tenant counters. Rules are tried in order (scenarios in the order they
/// were loaded); the first whose match and condition hold acts. A rate-limit rule whose window still has room
/// only counts the request and lets the following rules be tried. Thread-safe.
public final class ScenarioEngine: Sendable {
    private struct RuleKey: Hashable {
        let tenant: String
        let scenario: String
        let rule: Int
    }

    private struct State {
        var scenarios: [Scenario]
        /// How many requests each rule matched, per tenant (what `when` counts).
        var matches: [RuleKey: Int] = [:]
        /// How many times each rule acted, per tenant.
        var hits: [RuleKey: Int] = [:]
    }

    /// The scenarios given at start (`--scenarios`); `reset` comes back to them.
    private let startScenarios: [Scenario]
    private let state: Locked<State>
    private let windows = WindowCounter()

    public init(scenarios: [Scenario] = []) {
        startScenarios = scenarios
        state = Locked(State(scenarios: scenarios))
    }

    /// Whether any scenario is loaded (the router skips the engine otherwise).
    public var isEmpty: Bool { state.withLock { $0.scenarios.isEmpty } }

    /// Adds a scenario; one with the same name is replaced and its counters start again.
    public func add(_ scenario: Scenario) {
        state.withLock { s in
            s.scenarios.removeAll { $0.name == scenario.name }
            s.scenarios.append(scenario)
            Self.forget(&s) { $0.scenario == scenario.name }
        }
        forgetWindows(ofScenario: scenario.name)
    }

    /// Removes the scenario with this name; false when there is none.
    public func remove(named name: String) -> Bool {
        let removed = state.withLock { s in
            let before = s.scenarios.count
            s.scenarios.removeAll { $0.name == name }
            Self.forget(&s) { $0.scenario == name }
            return s.scenarios.count != before
        }
        forgetWindows(ofScenario: name)
        return removed
    }

    /// Removes every scenario, those loaded at start included.
    public func removeAll() {
        state.withLock { $0 = State(scenarios: []) }
        windows.clear()
    }

    /// Back to the scenarios loaded at start, with every counter at zero.
    public func reset() {
        state.withLock { $0 = State(scenarios: startScenarios) }
        windows.clear()
    }

    /// Forgets one tenant's counters (the tenant was reset, restored or deleted).
    public func forgetTenant(_ id: String) {
        state.withLock { s in Self.forget(&s) { $0.tenant == id } }
        windows.clear(prefix: Self.windowPrefix(tenant: id))
    }

    /// `{"scenarios":[{name, description, tenant, rules:[{…, "hits": N}]}]}` with hits summed over tenants.
    public func listing() -> JSON {
        state.withLock { s in
            var totals: [String: [Int: Int]] = [:]
            for (key, n) in s.hits { totals[key.scenario, default: [:]][key.rule, default: 0] += n }
            return ["scenarios": .array(s.scenarios.map { sc in
                let rules: [JSON] = sc.rules.enumerated().map { i, rule in
                    var doc = rule.document
                    doc.set("hits", .int(totals[sc.name]?[i] ?? 0))
                    return doc
                }
                return ["name": .string(sc.name), "description": .from(sc.description), "tenant": .from(sc.tenant), "rules": .array(rules)]
            })]
        }
    }

    /// Tries the rules against a request; nil when none acts.
    public func decide(_ request: ScenarioRequest) -> ScenarioDecision? {
        let segments = PathPattern.segments(of: request.path)
        let tenantKey = request.tenant ?? ""
        return state.withLock { s -> ScenarioDecision? in
            for scenario in s.scenarios where scenario.tenant == nil || scenario.tenant == request.tenant {
                for (i, rule) in scenario.rules.enumerated()
                where rule.match.holds(api: request.api, method: request.method, pathSegments: segments,
                                       headers: request.headers, tenant: request.tenant) {
                    let key = RuleKey(tenant: tenantKey, scenario: scenario.name, rule: i)
                    let n = (s.matches[key] ?? 0) + 1
                    s.matches[key] = n
                    guard rule.when.holds(matchNumber: n) else { continue }
                    var decision = ScenarioDecision(label: "\(scenario.name)/rules[\(i)]", answer: rule.respond, fault: rule.fault)
                    if let limit = rule.rateLimit {
                        let window = windows.hit(Self.windowKey(tenant: tenantKey, scenario: scenario.name, rule: i), limit: limit.limit,
                                                 windowSeconds: Double(limit.windowSeconds), now: request.now)
                        if window.allowed { continue }
                        decision.retryAfter = window.retryAfter
                        if decision.answer == nil { decision.answer = .error(.rateLimited) }
                    }
                    if let d = rule.delay {
                        let span = Double(d.max - d.min + 1)
                        let draw = SeededDraw.unit(seed: rule.when.seed ^ 0xD1B5_4A32_D192_ED03, index: UInt64(n))
                        decision.delayMilliseconds = min(d.max, d.min + Int(draw * span))
                    }
                    s.hits[key, default: 0] += 1
                    return decision
                }
            }
            return nil
        }
    }

    private static func windowPrefix(tenant: String) -> String { "\(tenant)\u{1}" }

    private static func windowKey(tenant: String, scenario: String, rule: Int) -> String {
        "\(windowPrefix(tenant: tenant))\(scenario)\u{1}\(rule)"
    }

    private func forgetWindows(ofScenario name: String) {
        windows.clear { $0.split(separator: "\u{1}", omittingEmptySubsequences: false).dropFirst().first.map(String.init) == name }
    }

    private static func forget(_ s: inout State, where drop: (RuleKey) -> Bool) {
        s.matches = s.matches.filter { !drop($0.key) }
        s.hits = s.hits.filter { !drop($0.key) }
    }
}
