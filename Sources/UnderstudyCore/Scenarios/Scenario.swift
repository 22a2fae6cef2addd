import HTTP1

/// A scripted-failure document (docs/INTERFACE.md, "Scenarios"): ordered rules, each a match, an optional
/// condition and what to do. Parsed once by `ScenarioParser`; the engine keeps the counters.
public struct Scenario: Sendable {
    public let name: String
    public let description: String?
    /// When set, the scenario only applies to this tenant.
    public let tenant: String?
    public let rules: [ScenarioRule]
}

/// One rule of a scenario.
public struct ScenarioRule: Sendable {
    public let match: RuleMatch
    public let when: RuleCondition
    public let respond: ScriptedAnswer?
    public let delay: DelayRange?
    public let fault: ConnectionFault?
    public let rateLimit: RateLimitRule?
    /// The rule as written, shown back by `GET /__admin/scenarios`.
    public let document: JSON
}

/// Which requests a rule applies to; every given field must hold.
public struct RuleMatch: Sendable {
    public var api: String?
    public var method: String?
    /// The vendor path without the `/<api>` prefix; `:name` is one segment, `*` the rest.
    public var path: PathPattern?
    /// Exact header values (names case-insensitive).
    public var headers: [(String, String)] = []
    public var tenant: String?

    func holds(api: String, method: String, pathSegments: [String], headers: HTTPHeaders, tenant: String?) -> Bool {
        if let a = self.api, a != api { return false }
        if let m = self.method, m != method { return false }
        if let t = self.tenant, t != tenant { return false }
        for (name, value) in self.headers where headers[name] != value { return false }
        if let p = path, p.match(segments: pathSegments) == nil { return false }
        return true
    }
}

/// When a matching request is acted on, counted per tenant from 1; every given field must hold.
public struct RuleCondition: Sendable {
    /// Only the n-th match.
    public var nth: Int?
    /// Every match after the first n.
    public var after: Int?
    /// The first n matches.
    public var times: Int?
    /// Every n-th match (n, 2n, …).
    public var every: Int?
    /// Acts with this probability, drawn from a sequence fixed by `seed`.
    public var probability: Double?
    public var seed: UInt64 = 0

    public init() {}

    public func holds(matchNumber n: Int) -> Bool {
        if let nth, n != nth { return false }
        if let after, n <= after { return false }
        if let times, n > times { return false }
        if let every, n % every != 0 { return false }
        if let p = probability, SeededDraw.unit(seed: seed, index: UInt64(n)) >= p { return false }
        return true
    }
}

/// A scripted answer: the vendor's own answer for an error kind, or exactly the given status, headers and body.
public enum ScriptedAnswer: Sendable {
    case error(ErrorKind)
    case exact(status: Int, headers: [(String, String)], body: [UInt8], contentType: String?)
}

extension ScriptedAnswer {
    /// How the coverage report names it: the error kind (`rate_limited`), or `exact` for an answer given in full.
    var coverageName: String {
        switch self {
        case .error(let kind): return kind.rawValue
        case .exact: return "exact"
        }
    }
}

/// A fixed delay (min == max) or a range drawn per request.
public struct DelayRange: Sendable {
    public let min: Int
    public let max: Int
}

/// Past `limit` matching requests in a fixed window of `windowSeconds`, the vendor's 429.
public struct RateLimitRule: Sendable {
    public let limit: Int
    public let windowSeconds: Int
}

/// Uniform draws in [0, 1) that depend only on a seed and an index (SplitMix64), so a seeded scenario
/// gives the same outcomes for the same sequence of requests on every run.
enum SeededDraw {
    static func unit(seed: UInt64, index: UInt64) -> Double {
        var z = seed &+ index &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(UInt64(1) << 53)
    }
}
