import HTTP1

/// A scenario document that cannot be used: `path` is the JSON path of the bad field (`rules[1].when.nth`).
public struct ScenarioError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Reads scenario documents strictly: unknown fields, wrong types and impossible values are errors naming the field.
public enum ScenarioParser {
    /// Longest delay a rule or header may ask for.
    public static let maxDelayMilliseconds = 600_000
    /// Longest rate-limit window.
    public static let maxWindowSeconds = 86_400
    /// Scenario names: what may appear in `/__admin/scenarios/{name}`.
    static let nameCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")

    public static func parse(_ json: JSON) throws -> Scenario {
        let doc = Fields(json, at: "")
        try doc.allowOnly(["name", "description", "tenant", "rules"])
        let name = try doc.requiredString("name")
        guard name.count <= 100, name.allSatisfy({ nameCharacters.contains($0) }) else {
            throw ScenarioError(path: "name", reason: "use 1 to 100 letters, digits, '-', '_' or '.'")
        }
        let rulesJSON = try doc.required("rules")
        guard let items = rulesJSON.array else { throw ScenarioError(path: "rules", reason: "expected an array of rules") }
        guard !items.isEmpty else { throw ScenarioError(path: "rules", reason: "needs at least one rule") }
        let rules = try items.enumerated().map { try rule($1, at: "rules[\($0)]") }
        return Scenario(name: name, description: try doc.optionalString("description"),
                        tenant: try doc.optionalString("tenant"), rules: rules)
    }

    static func rule(_ json: JSON, at path: String) throws -> ScenarioRule {
        let f = Fields(json, at: path)
        try f.allowOnly(["match", "when", "respond", "delay_ms", "fault", "rate_limit"])
        let m = try match(f.required("match"), at: f.path("match"))
        let w = try f.value("when").map { try condition($0, at: f.path("when")) } ?? RuleCondition()
        let respond = try f.value("respond").map { try answer($0, at: f.path("respond")) }
        let delay = try f.value("delay_ms").map { try delayRange($0, at: f.path("delay_ms")) }
        let fault = try f.optionalString("fault").map { name -> ConnectionFault in
            guard let fault = ConnectionFault(rawValue: name) else {
                throw ScenarioError(path: f.path("fault"), reason: "unknown fault '\(name)'; one of \(ConnectionFault.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return fault
        }
        let limit = try f.value("rate_limit").map { try rateLimit($0, at: f.path("rate_limit")) }
        if respond == nil && delay == nil && fault == nil && limit == nil {
            throw ScenarioError(path: path, reason: "a rule needs one of respond, delay_ms, fault or rate_limit")
        }
        return ScenarioRule(match: m, when: w, respond: respond, delay: delay, fault: fault, rateLimit: limit, document: json)
    }

    static func match(_ json: JSON, at path: String) throws -> RuleMatch {
        let f = Fields(json, at: path)
        try f.allowOnly(["api", "method", "path", "headers", "tenant"])
        var m = RuleMatch()
        m.api = try f.optionalString("api")
        m.method = try f.optionalString("method").map { $0.uppercased() }
        m.tenant = try f.optionalString("tenant")
        if let p = try f.optionalString("path") {
            guard p.hasPrefix("/") else { throw ScenarioError(path: f.path("path"), reason: "must start with '/'") }
            let pattern = PathPattern(p)
            if let star = pattern.segments.firstIndex(of: .rest), star != pattern.segments.count - 1 {
                throw ScenarioError(path: f.path("path"), reason: "'*' may only be the last segment")
            }
            m.path = pattern
        }
        if let h = try f.value("headers") {
            guard let members = h.object else { throw ScenarioError(path: f.path("headers"), reason: "expected an object of header values") }
            m.headers = try members.map { name, value in
                guard let v = value.string else { throw ScenarioError(path: "\(f.path("headers")).\(name)", reason: "expected a string") }
                return (name, v)
            }
        }
        return m
    }

    static func condition(_ json: JSON, at path: String) throws -> RuleCondition {
        let f = Fields(json, at: path)
        try f.allowOnly(["nth", "after", "times", "every", "probability", "seed"])
        var c = RuleCondition()
        c.nth = try f.optionalInt("nth", minimum: 1)
        c.after = try f.optionalInt("after", minimum: 0)
        c.times = try f.optionalInt("times", minimum: 1)
        c.every = try f.optionalInt("every", minimum: 1)
        if let p = try f.value("probability") {
            guard let d = p.double, d >= 0, d <= 1 else { throw ScenarioError(path: f.path("probability"), reason: "expected a number from 0 to 1") }
            c.probability = d
        }
        if let s = try f.optionalInt("seed", minimum: 0) {
            guard c.probability != nil else { throw ScenarioError(path: f.path("seed"), reason: "only goes with probability") }
            c.seed = UInt64(s)
        }
        return c
    }

    static func answer(_ json: JSON, at path: String) throws -> ScriptedAnswer {
        let f = Fields(json, at: path)
        if let kind = try f.optionalString("error") {
            try f.allowOnly(["error"])
            guard let k = ErrorKind(rawValue: kind) else {
                throw ScenarioError(path: f.path("error"), reason: "unknown error kind '\(kind)'; one of \(ErrorKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .error(k)
        }
        try f.allowOnly(["status", "headers", "body"])
        guard let status = try f.optionalInt("status", minimum: 100), status <= 599 else {
            throw ScenarioError(path: f.path("status"), reason: "respond needs \"error\": KIND or a \"status\" from 100 to 599")
        }
        var headers: [(String, String)] = []
        if let h = try f.value("headers") {
            guard let members = h.object else { throw ScenarioError(path: f.path("headers"), reason: "expected an object of header values") }
            headers = try members.map { name, value in
                let at = "\(f.path("headers")).\(name)"
                guard HTTPGrammar.isToken(name) else { throw ScenarioError(path: at, reason: "not a valid header name") }
                guard let v = value.string ?? value.int.map(String.init) else { throw ScenarioError(path: at, reason: "expected a string") }
                guard !v.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else { throw ScenarioError(path: at, reason: "must not contain CR, LF or NUL") }
                return (name, v)
            }
        }
        switch try f.value("body") {
        case nil, .null?: return .exact(status: status, headers: headers, body: [], contentType: nil)
        case .string(let s)?: return .exact(status: status, headers: headers, body: Array(s.utf8), contentType: "text/plain; charset=utf-8")
        case let body?: return .exact(status: status, headers: headers, body: body.bytes, contentType: "application/json; charset=utf-8")
        }
    }

    static func delayRange(_ json: JSON, at path: String) throws -> DelayRange {
        if let fixed = json.int {
            try checkDelay(fixed, at: path)
            return DelayRange(min: fixed, max: fixed)
        }
        let f = Fields(json, at: path)
        guard json.object != nil else { throw ScenarioError(path: path, reason: "expected milliseconds or {\"min\": a, \"max\": b}") }
        try f.allowOnly(["min", "max"])
        guard let lo = try f.optionalInt("min", minimum: 0), let hi = try f.optionalInt("max", minimum: 0) else {
            throw ScenarioError(path: path, reason: "a range needs both min and max")
        }
        try checkDelay(hi, at: f.path("max"))
        guard lo <= hi else { throw ScenarioError(path: f.path("min"), reason: "must not exceed max") }
        return DelayRange(min: lo, max: hi)
    }

    static func checkDelay(_ ms: Int, at path: String) throws {
        guard ms >= 0, ms <= maxDelayMilliseconds else {
            throw ScenarioError(path: path, reason: "expected milliseconds from 0 to \(maxDelayMilliseconds)")
        }
    }

    static func rateLimit(_ json: JSON, at path: String) throws -> RateLimitRule {
        let f = Fields(json, at: path)
        guard json.object != nil else { throw ScenarioError(path: path, reason: "expected {\"limit\": N, \"window_s\": S}") }
        try f.allowOnly(["limit", "window_s"])
        guard let limit = try f.optionalInt("limit", minimum: 0) else { throw ScenarioError(path: f.path("limit"), reason: "is required") }
        guard let window = try f.optionalInt("window_s", minimum: 1) else { throw ScenarioError(path: f.path("window_s"), reason: "is required") }
        guard window <= maxWindowSeconds else { throw ScenarioError(path: f.path("window_s"), reason: "expected at most \(maxWindowSeconds) seconds") }
        return RateLimitRule(limit: limit, windowSeconds: window)
    }
}

/// Typed reading of one JSON object, with errors that carry the field's JSON path.
private struct Fields {
    let json: JSON
    let base: String

    init(_ json: JSON, at base: String) {
        self.json = json
        self.base = base
    }

    func path(_ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }

    func allowOnly(_ keys: Set<String>) throws {
        guard let members = json.object else { throw ScenarioError(path: base.isEmpty ? "$" : base, reason: "expected an object") }
        if let unknown = members.first(where: { !keys.contains($0.0) }) {
            throw ScenarioError(path: path(unknown.0), reason: "unknown field; expected one of \(keys.sorted().joined(separator: ", "))")
        }
    }

    func value(_ key: String) throws -> JSON? { json[key] }

    func required(_ key: String) throws -> JSON {
        guard let v = json[key], !v.isNull else { throw ScenarioError(path: path(key), reason: "is required") }
        return v
    }

    func requiredString(_ key: String) throws -> String {
        guard let s = try optionalString(key), !s.isEmpty else { throw ScenarioError(path: path(key), reason: "is required") }
        return s
    }

    func optionalString(_ key: String) throws -> String? {
        guard let v = json[key], !v.isNull else { return nil }
        guard let s = v.string else { throw ScenarioError(path: path(key), reason: "expected a string, got \(v.typeName)") }
        return s
    }

    func optionalInt(_ key: String, minimum: Int) throws -> Int? {
        guard let v = json[key], !v.isNull else { return nil }
        guard let i = v.int, i >= minimum else { throw ScenarioError(path: path(key), reason: "expected a whole number ≥ \(minimum)") }
        return i
    }
}
